// A realistic, seeded .kql file: the mix a team keeps in git (policies pretty and compact, exports, external tables,
// update policies, principals, shows and plain queries), with about 4 % of commands carrying a real mistake.
import { USAGES } from '../src/core/usages';

export interface Corpus {
  readonly text: string;
  /** Every JSON payload between ``` fences, decoded: the JSON.parse floor parses exactly these. */
  readonly payloads: readonly string[];
  /** How many commands of each kind, and how many carry a mistake: printed with every result. */
  readonly composition: Readonly<Record<string, number>>;
}

/** Share of each kind of command, in percent (sums to 100). */
const MIX: readonly (readonly [Kind, number])[] = [
  ['policy', 30],
  ['export', 12],
  ['externalTable', 10],
  ['updatePolicy', 8],
  ['principal', 12],
  ['show', 13],
  ['query', 15],
];
type Kind = 'policy' | 'export' | 'externalTable' | 'updatePolicy' | 'principal' | 'show' | 'query';
const ERROR_RATE = 0.04;

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateCorpus(commands = 5000, seed = 42): Corpus {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const guid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const tenant = guid();
  const usages = USAGES.map((u) => u.name).filter((n) => n !== 'All' && n !== 'SandboxArtifacts');
  const tables = ['Events', 'Devices', 'Telemetry', 'Orders', 'Sessions', 'AuditLog'];
  const databases = ['Analytics', 'Archive', 'Sales', 'Ops', "['Sales EU']"];
  const parts: string[] = [];
  const payloads: string[] = [];
  const composition: Record<string, number> = { mistakes: 0 };
  const json = (value: unknown) => (r() < 0.7 ? JSON.stringify(value, null, 4) : JSON.stringify(value));

  const kindAt = (): Kind => {
    let x = r() * 100;
    for (const [kind, share] of MIX) if ((x -= share) < 0) return kind;
    return 'query';
  };

  for (let i = 0; i < commands; i++) {
    const kind = kindAt();
    // A query has no mistake the linter reads (it checks nothing in queries): only the other kinds carry one.
    const wrong = r() < ERROR_RATE && kind !== 'query';
    composition[kind] = (composition[kind] ?? 0) + 1;
    if (wrong) composition.mistakes++;
    const db = pick(databases);
    const table = pick(tables);
    const comment =
      r() < 0.4 ? `// ${kind} ${i}: kept in git, reviewed in a pull request before it runs on the cluster\n` : '';
    let command: string;
    switch (kind) {
      case 'policy': {
        const entries = Array.from({ length: 1 + Math.floor(r() * 5) }, (_, k) => ({
          ObjectId: k === 0 && r() < 0.3 ? 'system' : guid(),
          AllowedUsages: [...new Set(Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick(usages)))].join(', '),
        }));
        if (wrong) entries[0].AllowedUsages += ', AutomatedFlow';
        const payload = json(entries);
        payloads.push(payload);
        const scope = r() < 0.7 ? `database ${db}` : 'cluster';
        command = `${r() < 0.6 ? '.alter-merge' : '.alter'} ${scope} policy managed_identity \`\`\`${payload}\`\`\``;
        break;
      }
      case 'export': {
        const identity = r() < 0.4 ? 'system' : guid();
        // The mistake the docs once showed: the identity unquoted (the official parser rejects it; KQL001).
        const mi = wrong ? `managedIdentity=${identity}` : `managedIdentity="${identity}"`;
        command =
          `.create-or-alter continuous-export Export${i} over (${table}) to table Lake${table}\n` +
          `with (${mi}, intervalBetweenRuns=1h, forcedLatency=10m, sizeLimit=104857600)\n` +
          `<| ${table}\n| where Timestamp > ago(1d) and isnotempty(DeviceId)\n| extend Site = tostring(Payload.site), Reading = todouble(Payload.value)\n` +
          `| project Timestamp, DeviceId, Site, Value = Reading`;
        break;
      }
      case 'externalTable': {
        if (r() < 0.8) {
          const auth = wrong
            ? 'managed_identity=system_assigned'
            : r() < 0.5
              ? 'impersonate'
              : `managed_identity=${guid()}`;
          command =
            `.create-or-alter external table Lake${table}${i} (Timestamp:datetime, DeviceId:string, Value:real)\n` +
            `kind=storage dataformat=parquet\n(\n    h@'https://lake${i % 50}.blob.core.windows.net/${table.toLowerCase()};${auth}'\n)\n` +
            `with (folder='lake', docstring='Exported ${table}')`;
        } else {
          command =
            `.create external table Sql${table}${i} (Id:long, Name:string) kind=sql table=${table}\n` +
            `( h@'Server=tcp:sql${i % 20}.database.windows.net,1433;Authentication="Active Directory Managed Identity";User Id=${wrong ? 'export-identity' : guid()};Initial Catalog=Db;' )`;
        }
        break;
      }
      case 'updatePolicy': {
        const entry = {
          IsEnabled: true,
          Source: `Raw${table}`,
          Query: `Parse${table}()`,
          IsTransactional: r() < 0.5,
          PropagateIngestionProperties: false,
          ManagedIdentity: wrong ? 'system_assigned' : r() < 0.5 ? 'system' : guid(),
        };
        const payload = json([entry]);
        payloads.push(payload);
        command = `.alter table ${db}.${table} policy update \`\`\`${payload}\`\`\``;
        break;
      }
      case 'principal': {
        const role = pick(['viewers', 'users', 'ingestors', 'monitors', 'admins']);
        const who = wrong ? 'system' : guid();
        const verb = r() < 0.8 ? '.add' : '.drop';
        command = `${verb} database ${db} ${role} ('aadapp=${who};${tenant}')${verb === '.add' ? " 'export job identity'" : ''}`;
        break;
      }
      case 'show':
        // The mistake: a placeholder left in from a docs page.
        command = pick([
          `.show database ${wrong ? '<DatabaseName>' : db} policy managed_identity`,
          `.show ${wrong ? 'database <DatabaseName>' : 'cluster'} policy managed_identity`,
          `.show database ${wrong ? '<DatabaseName>' : db} principals`,
          `.show ${wrong ? 'database <DatabaseName> ' : ''}continuous-exports`,
          `.show continuous-export ${wrong ? '<ExportName>' : `Export${i % 100}`} failures`,
          `.show ${wrong ? 'database <DatabaseName> ' : ''}external tables`,
          `.show table ${wrong ? '<TableName>' : table} policy update`,
        ]);
        break;
      default:
        command =
          `${table}\n| where Timestamp between (ago(7d) .. now())\n| summarize Count = count(), Last = max(Timestamp) by DeviceId, bin(Timestamp, 1h)\n` +
          `| join kind=leftouter (Devices | where IsActive == true | project DeviceId, Site, Region) on DeviceId\n` +
          `| extend Hour = datetime_part('hour', Timestamp), Late = Last < ago(1h)\n| order by Count desc\n| take 100`;
    }
    parts.push(comment + command);
  }
  return { text: `${parts.join('\n\n')}\n`, payloads, composition };
}

/** "policy 1,512 · export 601 · … · mistakes 198": the corpus as a line of the results. */
export function describeComposition(composition: Readonly<Record<string, number>>): string {
  return Object.entries(composition)
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(' · ');
}
