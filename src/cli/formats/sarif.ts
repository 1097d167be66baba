// SARIF 2.1.0 for code scanning: one run, rules with help text and fix, results with file regions or the cluster as location.
import type { ManagementCommand } from '../../core/commands/command';
import type { Severity } from '../../core/policy/types';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'adx-identity';
export const TOOL_URI = 'https://learn.microsoft.com/azure/data-explorer/kusto/management/managed-identity-policy';

export type SarifLevel = 'error' | 'warning' | 'note';
export const LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifRuleInput {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The rule's help: what it finds and how to fix it (plain text; Markdown is derived). */
  readonly help: string;
  readonly level: SarifLevel;
}

/** 1-based lines, UTF-16 columns, end exclusive (as `lint` reports them). */
export interface SarifRegion {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface SarifResultInput {
  readonly ruleId: string;
  readonly level: SarifLevel;
  readonly message: string;
  /** A file and region (lint), or an absolute URL standing for the thing judged (a cluster). */
  readonly artifact: string;
  readonly region?: SarifRegion;
  /** e.g. `cluster/database/subject`, for viewers that group by logical location. */
  readonly logical?: string;
  /** An edit of the same file that is certain to fix it. */
  readonly fix?: { readonly title: string; readonly region: SarifRegion; readonly newText: string };
  /** Management commands that fix it (not file edits, so they travel as a property). */
  readonly commands?: readonly ManagementCommand[];
  /** Further result properties (e.g. `armFixes`: Azure changes that fix it). */
  readonly properties?: Readonly<Record<string, unknown>>;
}

/** A path as a SARIF URI: relative paths stay relative to the checkout (`%SRCROOT%`), absolute ones become file: URIs. */
export function artifactUri(path: string): { uri: string; uriBaseId?: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return { uri: path };
  const slashed = path.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return { uri: `file://${encodeURI(slashed)}` };
  if (/^[a-z]:\//i.test(slashed)) return { uri: `file:///${encodeURI(slashed)}` };
  return { uri: encodeURI(slashed.replace(/^\.\//, '')), uriBaseId: '%SRCROOT%' };
}

const region = (r: SarifRegion) => ({
  startLine: r.line,
  startColumn: r.column,
  endLine: r.endLine,
  endColumn: r.endColumn,
});

function result(r: SarifResultInput, ruleIndex: number): Record<string, unknown> {
  const location = artifactUri(r.artifact);
  return {
    ruleId: r.ruleId,
    ruleIndex,
    level: r.level,
    message: { text: r.message },
    locations: [
      {
        physicalLocation: { artifactLocation: location, ...(r.region ? { region: region(r.region) } : {}) },
        ...(r.logical ? { logicalLocations: [{ fullyQualifiedName: r.logical, kind: 'resource' }] } : {}),
      },
    ],
    ...(r.fix
      ? {
          fixes: [
            {
              description: { text: r.fix.title },
              artifactChanges: [
                {
                  artifactLocation: location,
                  replacements: [{ deletedRegion: region(r.fix.region), insertedContent: { text: r.fix.newText } }],
                },
              ],
            },
          ],
        }
      : {}),
    ...(r.commands?.length || r.properties
      ? {
          properties: {
            ...(r.commands?.length
              ? {
                  commands: r.commands.map((c) => ({
                    text: c.text,
                    ...(c.database ? { database: c.database } : {}),
                    destructive: c.destructive,
                  })),
                }
              : {}),
            ...r.properties,
          },
        }
      : {}),
  };
}

/** The whole log; rules are those the results use, in first-use order, so every `ruleIndex` points at its rule. */
export function sarifLog(
  rules: readonly SarifRuleInput[],
  results: readonly SarifResultInput[],
  version: string,
): Record<string, unknown> {
  const used = rules.filter((r) => results.some((x) => x.ruleId === r.id));
  const index = new Map(used.map((r, i) => [r.id, i]));
  const missing = results.find((r) => !index.has(r.ruleId));
  if (missing) throw new Error(`SARIF: no rule ${missing.ruleId}`);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version,
            informationUri: TOOL_URI,
            rules: used.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.description },
              fullDescription: { text: r.description },
              help: { text: r.help, markdown: r.help },
              defaultConfiguration: { level: r.level },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.map((r) => result(r, index.get(r.ruleId)!)),
      },
    ],
  };
}

export const sarifText = (log: Record<string, unknown>): string => `${JSON.stringify(log, null, 2)}\n`;
