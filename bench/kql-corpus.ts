// A .kql file of policy commands only (seeded): the in-host editor test's document. The bench uses the mixed corpus.ts.
import { USAGES } from '../src/core/usages';
import { rng } from './corpus';

export interface Corpus {
  readonly text: string;
  /** The policy texts, in order, exactly as they appear decoded: the JSON.parse floor parses these. */
  readonly payloads: readonly string[];
}

export function generateCorpus(commands = 5000, seed = 42): Corpus {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const guid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const names = USAGES.map((u) => u.name).filter((n) => n !== 'All' && n !== 'SandboxArtifacts');
  const parts: string[] = [];
  const payloads: string[] = [];
  for (let i = 0; i < commands; i++) {
    const database = r() < 0.6 ? (r() < 0.5 ? `Db${i}` : `['Sales ${i}']`) : undefined;
    const entries = Array.from({ length: 1 + Math.floor(r() * 4) }, (_, k) => {
      const usages = [...new Set(Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(names)))];
      // A few realistic slips, so the located check runs too (about 2% of commands).
      if (r() < 0.005) (usages as string[]).push('AutomatedFlow');
      return { ObjectId: k === 0 && r() < 0.3 ? 'system' : guid(), AllowedUsages: usages.join(', ') };
    });
    const payload = r() < 0.5 ? JSON.stringify(entries, null, 4) : JSON.stringify(entries);
    payloads.push(payload);
    const verb = r() < 0.7 ? '.alter' : '.alter-merge';
    const target = database ? `database ${database}` : 'cluster';
    const comment = r() < 0.3 ? `// change ${i}: identities for the export jobs\n` : '';
    parts.push(`${comment}${verb} ${target} policy managed_identity \`\`\`${payload}\`\`\``);
  }
  return { text: `${parts.join('\n\n')}\n`, payloads };
}
