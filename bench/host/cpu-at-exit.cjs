// Preloaded with `node -r` into a measured process: at exit it writes the whole process's CPU time and peak memory
// to the file named by ADXI_BENCH_OUT (Node's own start-up before this preload is the only part not counted).
'use strict';
const { writeFileSync } = require('node:fs');

const out = process.env.ADXI_BENCH_OUT;
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      out,
      JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS }),
    );
  });
}
