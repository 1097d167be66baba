// JUnit XML as Azure DevOps' PublishTestResults (testResultsFormat: JUnit) reads it: suites of cases, failures with text.

export interface JunitCase {
  readonly name: string;
  readonly classname: string;
  /** A failed case: its message (one line) and details. */
  readonly failure?: { readonly message: string; readonly type: string; readonly text: string };
  /** A case that could not be decided (an `unknown` readiness check). */
  readonly skipped?: string;
  readonly output?: string;
}

export interface JunitSuite {
  readonly name: string;
  readonly cases: readonly JunitCase[];
}

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold. */
export function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

function testcase(c: JunitCase): string {
  const open = `    <testcase name="${xml(c.name)}" classname="${xml(c.classname)}"`;
  const body = [
    c.failure
      ? `      <failure message="${xml(oneLine(c.failure.message))}" type="${xml(c.failure.type)}">${xml(c.failure.text)}</failure>`
      : '',
    c.skipped !== undefined ? `      <skipped message="${xml(oneLine(c.skipped))}"/>` : '',
    c.output ? `      <system-out>${xml(c.output)}</system-out>` : '',
  ].filter(Boolean);
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`;
}

export function junitXml(name: string, suites: readonly JunitSuite[]): string {
  const count = (s: readonly JunitCase[], f: (c: JunitCase) => boolean) => s.filter(f).length;
  const all = suites.flatMap((s) => s.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(name)}" tests="${all.length}" failures="${count(all, (c) => !!c.failure)}" errors="0" skipped="${count(all, (c) => c.skipped !== undefined)}">`,
  ];
  for (const s of suites) {
    lines.push(
      `  <testsuite name="${xml(s.name)}" tests="${s.cases.length}" failures="${count(s.cases, (c) => !!c.failure)}" errors="0" skipped="${count(s.cases, (c) => c.skipped !== undefined)}">`,
      ...s.cases.map(testcase),
      '  </testsuite>',
    );
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
