// What a user downloads: the packed VSIX (vsce, production bundles) and the bundles it holds.
import { execSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './measure';
import type { BenchResult } from './run';

export default async function packageBench(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'adxi-vsix-'));
  try {
    const vsix = join(dir, 'adx-identity.vsix');
    const listing = execSync(`npx vsce package --no-dependencies --no-rewrite-relative-links --out ${vsix}`, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const files = /\((\d+) files?/.exec(listing)?.[1] ?? '?';
    const kb = statSync(vsix).size / 1024;
    const bundle = (f: string) => statSync(join(ROOT, 'dist', f)).size / 1024;
    const bench = 'package';
    return {
      rows: [
        { bench, metric: 'VSIX', text: `${kb.toFixed(0)} KB packed, ${files} files` },
        ...['extension.js', 'main.js', 'sdk.js', 'cli.js', 'cli-lint.js', 'cli-full.js'].map((f) => ({
          bench,
          metric: `dist/${f}, unpacked`,
          value: bundle(f),
          unit: 'KB',
        })),
      ],
      goals: [{ what: 'VSIX', goal: '≤ 2 MB', figure: `${(kb / 1024).toFixed(2)} MB`, met: kb <= 2048 }],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
