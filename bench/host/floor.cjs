// The floor a linter cannot beat: read the file, find each ``` payload and JSON.parse it. Nothing else.
'use strict';
const { readFileSync } = require('node:fs');

const text = readFileSync(process.argv[2], 'utf8');
let parsed = 0;
for (let open = text.indexOf('```'); open >= 0;) {
  const close = text.indexOf('```', open + 3);
  if (close < 0) break;
  JSON.parse(text.slice(open + 3, close));
  parsed++;
  open = text.indexOf('```', close + 3);
}
process.stdout.write(`${parsed} payloads\n`);
