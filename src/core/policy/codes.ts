// Every diagnostic code in one table: the checks, the CLI and docs/lint.md all agree on it.
import type { Severity } from './types';

export interface CodeInfo {
  readonly code: string;
  readonly severity: Severity;
  readonly meaning: string;
}

export const CODES = {
  MIP001: { severity: 'error', meaning: 'The policy is not valid JSON (or is empty).' },
  MIP002: { severity: 'error', meaning: 'The policy is not a JSON array.' },
  MIP003: { severity: 'error', meaning: 'An element of the policy array is not an object.' },
  MIP004: { severity: 'error', meaning: 'An element has no `ObjectId`.' },
  MIP005: { severity: 'error', meaning: 'An element has no `AllowedUsages`.' },
  MIP006: { severity: 'error', meaning: '`ObjectId` is not a JSON string.' },
  MIP007: { severity: 'error', meaning: '`AllowedUsages` is not a JSON string.' },
  MIP008: {
    severity: 'error',
    meaning: '`ObjectId` is neither a GUID nor `system` (placeholders, names and malformed GUIDs are named).',
  },
  MIP009: {
    severity: 'error',
    meaning: '`ObjectId` spells the system identity as `system_assigned`/`SystemAssigned`; the service wants `system`.',
  },
  MIP010: {
    severity: 'error',
    meaning: '`ObjectId` is an Azure resource id (`/subscriptions/…`); the service wants the object (principal) id.',
  },
  MIP011: {
    severity: 'error',
    meaning:
      "`ObjectId` is the client (application) id of one of the cluster's identities; the service wants its object id.",
  },
  MIP012: {
    severity: 'error',
    meaning: '`AllowedUsages` is empty or has an empty item (two commas, a trailing comma).',
  },
  MIP013: { severity: 'error', meaning: 'Unknown usage; the closest valid one is suggested.' },
  MIP014: { severity: 'error', meaning: '`SandboxArtifacts` is allowed only in the cluster-level policy.' },
  MIP015: { severity: 'error', meaning: 'Usages separated by spaces, `;` or `|` instead of commas.' },
  MIP016: {
    severity: 'error',
    meaning:
      'The policy is nested more than 64 levels deep (a policy is an array of objects); it is not checked further.',
  },
  MIP101: { severity: 'warning', meaning: 'A usage is listed twice for the same identity.' },
  MIP102: { severity: 'warning', meaning: '`All` is listed together with other usages, which it already covers.' },
  MIP103: { severity: 'warning', meaning: 'The same `ObjectId` appears in two elements.' },
  MIP104: { severity: 'warning', meaning: 'Unknown field in an element.' },
  MIP105: { severity: 'warning', meaning: "A comment in the policy JSON; the service's parser may refuse it." },
  MIP106: { severity: 'warning', meaning: "A trailing comma in the policy JSON; the service's parser may refuse it." },
  MIP107: { severity: 'warning', meaning: 'A field name with the wrong casing (e.g. `objectId`).' },
  MIP108: { severity: 'warning', meaning: 'A usage with the wrong casing (e.g. `automatedflows`).' },
  MIP109: { severity: 'warning', meaning: "The `ObjectId` is not one of the target cluster's identities." },
  MIP110: { severity: 'warning', meaning: '`system` is used but the target cluster has no system-assigned identity.' },
  MIP111: { severity: 'warning', meaning: '`system` written with other casing (e.g. `System`).' },
  MIP112: { severity: 'warning', meaning: 'A field appears twice in one element; only one of them counts.' },
  MIP202: {
    severity: 'info',
    meaning:
      "The policy JSON uses single quotes (`'ObjectId': '…'`): the service's JSON reader accepts them (docs pages use them), standard JSON does not. The content is checked as if double-quoted.",
  },
  MIP201: {
    severity: 'info',
    meaning: 'A field the service fills in (`ClientId`, `TenantId`, `DisplayName`, `IsSystem`); it need not be sent.',
  },
  KQL000: {
    severity: 'error',
    meaning: 'The file or document could not be checked at all (the reason is given): nothing in it was checked.',
  },
  KQL001: {
    severity: 'warning',
    meaning: 'Unquoted `managedIdentity=…` in a continuous export: the official parser rejects it; quote the value.',
  },
  KQL002: {
    severity: 'error',
    meaning: 'A string literal or ``` block is never closed: the rest of the file is swallowed by it.',
  },
  KQL003: { severity: 'error', meaning: '`.alter`/`.alter-merge … policy managed_identity` without a policy text.' },
  KQL004: { severity: 'error', meaning: 'Unexpected text after the policy text.' },
  KQL005: {
    severity: 'error',
    meaning: "The continuous export's `managedIdentity` is neither an object id (GUID) nor `system`.",
  },
  KQL006: {
    severity: 'error',
    meaning:
      'A placeholder is still in the command (`<DatabaseName>`, `{tenantId}`, `xxxx`-redacted ids, `?...`): replace it with the real value.',
  },
  KQL007: {
    severity: 'error',
    meaning: 'A property value is an unquoted word (e.g. `folder=Exports`): the official parser rejects it; quote it.',
  },
  KQL008: {
    severity: 'error',
    meaning: 'A trailing comma in a `with (…)` property list: the official parser rejects it.',
  },
  PRN001: {
    severity: 'error',
    meaning: 'A principal of an unknown kind: write `aadapp=`, `aaduser=`, `aadgroup=` or `msauser=` before the id.',
  },
  PRN002: {
    severity: 'error',
    meaning:
      "A principal's id is malformed: a truncated or broken GUID, a user that is neither a UPN nor an object id, or a display name without its tenant.",
  },
  PRN003: {
    severity: 'error',
    meaning: "A principal's tenant is neither a tenant id (GUID) nor a domain name (`contoso.com`).",
  },
  PRN004: {
    severity: 'warning',
    meaning:
      "`aadapp=system`: the docs (since 2023) name the cluster's system-assigned identity by its object id, `aadapp=<objectId>;<tenant>`.",
  },
  PRN005: {
    severity: 'error',
    meaning:
      'A role that does not exist for this kind of object (e.g. `ingestors` on a function, any role on the cluster).',
  },
  CEX001: {
    severity: 'warning',
    meaning: 'An unknown continuous-export property (e.g. `intervalInMinutes`); the closest known one is suggested.',
  },
  CEX002: {
    severity: 'error',
    meaning:
      'A continuous-export property value of the wrong type: `sizeLimit` a number, `intervalBetweenRuns`/`forcedLatency` timespans, booleans `true`/`false`, `distribution` single/per_node/per_shard.',
  },
  EXT001: {
    severity: 'error',
    meaning:
      'A SQL connection string with `Authentication="Active Directory Managed Identity"` whose `User Id` is not an object id (GUID).',
  },
  EXT002: {
    severity: 'error',
    meaning: 'An external table partition column typed other than `datetime`, `long` or `string`.',
  },
  EXT003: { severity: 'error', meaning: 'An unknown `dataformat`; the closest known one is suggested.' },
  ING001: {
    severity: 'error',
    meaning: "A connection string's `managed_identity=` is neither `system` nor an object id (GUID).",
  },
  ING002: {
    severity: 'error',
    meaning:
      '`.list blobs` with `;impersonate`: the command runs without a user context and does not support impersonation.',
  },
  ING003: { severity: 'error', meaning: 'A URI with its scheme written twice (`https://https://…`).' },
  KUSTO001: {
    severity: 'info',
    meaning:
      'Only with `--official-parser`: a documented command the bundled parser does not know yet (e.g. `.ingest-from-storage-queued`); its syntax is not checked.',
  },
  UPD001: {
    severity: 'error',
    meaning: 'The update policy is not valid JSON, not an array, or an element is not an object.',
  },
  UPD002: {
    severity: 'error',
    meaning: 'An update policy element has no `Source` or `Query` (or it is not a non-empty string).',
  },
  UPD003: {
    severity: 'error',
    meaning: "The update policy's `ManagedIdentity` is neither a GUID nor `system` (`system_assigned` gets a fix).",
  },
  UPD004: {
    severity: 'error',
    meaning: '`IsEnabled`, `IsTransactional` or `PropagateIngestionProperties` is not `true`/`false`.',
  },
  UPD101: {
    severity: 'warning',
    meaning: 'Unknown field in an update policy element (a near miss of a known field gets a fix).',
  },
  UPD102: {
    severity: 'warning',
    meaning:
      "The query reads another database (`database('X')`) but names no `ManagedIdentity`: the service refuses or the policy fails.",
  },
} as const satisfies Record<string, Omit<CodeInfo, 'code'>>;

export type DiagnosticCode = keyof typeof CODES;

export function codeList(): CodeInfo[] {
  return (Object.keys(CODES) as DiagnosticCode[]).map((code) => ({ code, ...CODES[code] }));
}
