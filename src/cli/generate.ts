// `adx-identity generate [FILE|-]`: JSON spec(s) in, management command text out. Specs are checked against the
// published JSON Schema first (ajv, bundled into the CLI only), then by the core builders.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../schemas/generate-spec.schema.json';
import { KqlInputError } from '../core/kql/errors';
import { buildCommandFromSpec, systemPrincipalProblem, type GenerateSpec } from '../core/commands/spec';
import type { CliIo } from './main';

const USAGE = `Usage: adx-identity generate [FILE|-]

Reads one JSON spec, or an array of specs, from FILE (or standard input when FILE is '-' or absent)
and prints each management command, separated by a blank line. See docs/cli-generate.md.
Exit codes: 0 printed, 2 usage error or invalid spec (nothing is printed).
`;

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

export async function runGenerate(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(USAGE);
    return 0;
  }
  const unknownOption = args.find((a) => a.startsWith('-') && a !== '-');
  if (unknownOption !== undefined || args.length > 1) {
    io.stderr(
      `adx-identity generate: ${unknownOption ? `unknown option '${unknownOption}'` : 'expected at most one FILE'}\n${USAGE}`,
    );
    return 2;
  }
  const source = args[0] ?? '-';
  let text: string;
  try {
    text = source === '-' ? await io.readStdin() : await io.readFile(source);
  } catch (e) {
    io.stderr(`adx-identity generate: cannot read ${source === '-' ? 'standard input' : source}: ${messageOf(e)}\n`);
    return 2;
  }
  const result = generate(text);
  if ('error' in result) {
    io.stderr(`adx-identity generate: ${result.error}\n`);
    return 2;
  }
  io.stdout(`${result.commands.join('\n\n')}\n`);
  return 0;
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
