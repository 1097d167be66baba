// `lint` findings in the CI formats: SARIF for code scanning, JUnit for Azure DevOps, annotations for GitHub Actions.
import { codeList } from '../../core/policy/codes';
import type { LintFinding } from '../lint';
import { annotation } from './github';
import { junitXml, type JunitCase } from './junit';
import { LEVEL, sarifLog, sarifText, type SarifRuleInput } from './sarif';
import { cliVersion } from './version';

const KNOWN = new Map(codeList().map((c) => [c.code as string, c]));

/** A rule per code the findings use: its meaning, and the fix this run offered for it (when it is certain). */
function rules(findings: readonly LintFinding[]): SarifRuleInput[] {
  const codes = [...new Set(findings.map((f) => f.code))];
  return codes.map((code) => {
    const info = KNOWN.get(code);
    const first = findings.find((f) => f.code === code)!;
    const description = (info?.meaning ?? `${first.message}`).replace(/`/g, "'");
    const fixes = [...new Set(findings.filter((f) => f.code === code && f.fix).map((f) => f.fix!.title))];
    const fix = fixes.length
      ? `Fix (certain, also offered as a quick fix in the editor): ${fixes.join('; ')}.`
      : code === 'KUSTO'
        ? 'Fix: correct the syntax the official Kusto parser names.'
        : 'Fix: no single edit is certain here; the message says what the service expects.';
    return {
      id: code,
      name: code,
      description,
      help: `${description} ${fix} Codes: docs/lint.md.`,
      level: LEVEL[info?.severity ?? first.severity],
    };
  });
}

export function lintSarif(findings: readonly LintFinding[]): string {
  return sarifText(
    sarifLog(
      rules(findings),
      findings.map((f) => ({
        ruleId: f.code,
        level: LEVEL[f.severity],
        message: f.message,
        artifact: f.file,
        region: f,
        ...(f.fix
          ? {
              fix: {
                title: f.fix.title,
                region: { line: f.fix.line, column: f.fix.column, endLine: f.fix.endLine, endColumn: f.fix.endColumn },
                newText: f.fix.newText,
              },
            }
          : {}),
      })),
      cliVersion(),
    ),
  );
}

/** One suite per file: each error a failed case, warnings and notes passing cases with output, a clean file one case. */
export function lintJunit(findings: readonly LintFinding[], files: readonly string[]): string {
  return junitXml(
    'adx-identity lint',
    files.map((file) => {
      const mine = findings.filter((f) => f.file === file);
      const cases: JunitCase[] = mine.map((f) => {
        const where = `${f.file}:${f.line}:${f.column}`;
        const name = `${f.code} at ${f.line}:${f.column}`;
        return f.severity === 'error'
          ? { name, classname: file, failure: { message: f.message, type: f.code, text: `${where}: ${f.message}` } }
          : { name, classname: file, output: `${where}: ${f.severity}: ${f.message}` };
      });
      return { name: file, cases: cases.length ? cases : [{ name: 'no findings', classname: file }] };
    }),
  );
}

export function lintAnnotations(findings: readonly LintFinding[]): string {
  return findings
    .map((f) =>
      annotation({
        level: f.severity === 'info' ? 'notice' : f.severity,
        title: f.code,
        file: f.file,
        line: f.line,
        col: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        message: f.message,
      }),
    )
    .join('');
}
