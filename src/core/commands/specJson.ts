// JSON specs in, command texts out: each spec is checked against the published JSON Schema first (ajv), then by the
// builders. Shared by `adx-identity generate` and the generate tool for language models.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/generate-spec.schema.json';
import { KqlInputError } from '../kql/errors';
import { buildCommandFromSpec, systemPrincipalProblem, type GenerateSpec } from './spec';

let validator: ValidateFunction | undefined;

function validateSpec(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ discriminator: true, verbose: true, allErrors: false });
    ajv.addSchema(schema);
    const found = ajv.getSchema(`${schema.$id}#/definitions/spec`);
    if (!found) throw new Error('generate-spec schema has no spec definition');
    validator = found;
  }
  return validator;
}

/** The command texts for a JSON document, or the first error (naming the bad field). */
export function generate(json: string): { commands: string[] } | { error: string } {
  let doc: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte order mark; JSON.parse refuses it.
    doc = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { error: `input is not valid JSON: ${messageOf(e)}` };
  }
  return generateFromSpecs(doc);
}

/** The commands for an already parsed spec or array of specs, or the first error (naming the bad field). */
export function generateFromSpecs(doc: unknown): { commands: string[] } | { error: string } {
  const many = Array.isArray(doc);
  const specs: unknown[] = many ? (doc as unknown[]) : [doc];
  if (specs.length === 0) return { error: 'the array of specs is empty' };
  const commands: string[] = [];
  for (const [i, spec] of specs.entries()) {
    const where = many ? `spec [${i}]` : 'spec';
    // Said before the schema, whose anyOf error could not say why the object id is needed.
    const system = systemPrincipalProblem(spec);
    if (system) return { error: `invalid ${where}: principal.objectId: ${system}` };
    const validate = validateSpec();
    if (!validate(spec)) return { error: `invalid ${where}: ${describeSchemaError(validate.errors ?? [])}` };
    try {
      commands.push(buildCommandFromSpec(spec as GenerateSpec).text);
    } catch (e) {
      if (e instanceof KqlInputError) return { error: `invalid ${where}: ${e.message}` };
      throw e;
    }
  }
  return { commands };
}

/** One readable line for ajv's first meaningful error: `field.path: what is wrong`. */
function describeSchemaError(errors: readonly ErrorObject[]): string {
  const error = pickError(errors);
  if (!error) return 'does not match the schema';
  let path = pointerToField(error.instancePath);
  let message = error.message ?? 'is invalid';
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  const field = (name: string): string => (path ? `${path}.${name}` : name);
  switch (error.keyword) {
    case 'required':
      path = field((error.params as { missingProperty: string }).missingProperty);
      message = 'is required';
      break;
    case 'additionalProperties':
      path = field((error.params as { additionalProperty: string }).additionalProperty);
      message = 'is not a field of this kind';
      break;
    case 'not':
      if (error.schemaPath.includes('/else/')) {
        path = field('database');
        message = 'must not be given when scope is "cluster"';
      }
      break;
    case 'discriminator':
      path = field('kind');
      message = 'must be one of the documented kinds (see docs/cli-generate.md)';
      break;
    case 'enum':
      message = `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'pattern':
    case 'anyOf':
      if (description) message = `must be ${description}`;
      break;
  }
  return `${path || '(top level)'}: ${message}`;
}

/** The error that says most: inside an anyOf, the deepest branch error (else the anyOf itself); never the bare `if`. */
function pickError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const useful = errors.filter((e) => e.keyword !== 'if');
  const anyOf = useful.find((e) => e.keyword === 'anyOf');
  if (!anyOf) return useful[0] ?? errors[0];
  const deeper = useful.filter((e) => e.instancePath.startsWith(`${anyOf.instancePath}/`));
  return deeper.sort((a, b) => b.instancePath.length - a.instancePath.length)[0] ?? anyOf;
}

function pointerToField(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
