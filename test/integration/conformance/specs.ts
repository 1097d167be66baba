// The vendored ARM swaggers (test/fixtures/arm-specs) as ajv-draft-04 schemas: validate a body against a definition.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

export const SPECS = join(__dirname, '..', '..', 'fixtures', 'arm-specs');
export const KUSTO = 'specification/azure-kusto/resource-manager/Microsoft.Kusto/stable/2023-08-15/kusto.json';
export const MSI =
  'specification/msi/resource-manager/Microsoft.ManagedIdentity/stable/2023-01-31/ManagedIdentity.json';
export const COMMON_V3 = 'specification/common-types/resource-management/v3/types.json';
const BASE = 'https://specs.sandbox.invalid/';

const ISO_DURATION =
  /^P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/;
const ARM_ID = /^\/(subscriptions|providers|tenants)\/[^/]+(\/[^/]+)*$/i;

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'examples' ? [] : jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

type Swagger = { definitions: Record<string, Record<string, unknown>> };
const docs = new Map<string, Swagger>();

function build(): Ajv {
  // strict: false ignores the x-ms-* and swagger-only keywords; the swagger documents are not meta-validated.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv, ['uuid', 'int32', 'int64', 'double', 'date-time', 'uri']);
  ajv.addFormat('duration', ISO_DURATION);
  ajv.addFormat('arm-id', ARM_ID);
  for (const file of jsonFiles(join(SPECS, 'specification'))) {
    const rel = relative(SPECS, file).split('\\').join('/');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Swagger & { id?: string };
    docs.set(rel, doc);
    ajv.addSchema({ ...doc, id: BASE + rel }, BASE + rel);
  }
  return ajv;
}

const ajv = build();

/** The schema errors of `value` against `definition` of a vendored swagger (empty: valid). */
export function schemaErrors(file: string, definition: string, value: unknown): string[] {
  const validate = ajv.getSchema(`${BASE}${file}#/definitions/${definition}`);
  if (!validate) throw new Error(`no definition ${definition} in ${file}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

/** A polymorphic definition's subtype for a value (`Database` + kind ReadWrite → `ReadWriteDatabase`). */
export function subtypeOf(file: string, base: string, value: Record<string, unknown>): string {
  const defs = docs.get(file)!.definitions;
  const discriminator = defs[base].discriminator as string;
  const sub = Object.entries(defs).find(
    ([, d]) =>
      d['x-ms-discriminator-value'] === value[discriminator] &&
      JSON.stringify(d.allOf ?? []).includes(`"#/definitions/${base}"`),
  );
  if (!sub) throw new Error(`no ${base} subtype for ${discriminator}=${String(value[discriminator])}`);
  return sub[0];
}

/** Errors against the subtype when the definition is polymorphic, else against the definition. */
export function itemErrors(file: string, definition: string, value: Record<string, unknown>): string[] {
  const def = docs.get(file)!.definitions[definition];
  return schemaErrors(file, def.discriminator ? subtypeOf(file, definition, value) : definition, value);
}
