// The located check: walks jsonc-parser's tree so every diagnostic points at the text that causes it.
import { parseTree, stripComments, type Node, type ParseError } from 'jsonc-parser';
import { checkObjectId, type ValueSpan } from './identity';
import { diagnostic, replace } from './make';
import { MAX_DEPTH, syntaxDiagnostics, tooDeepAt, triviaDiagnostics } from './syntax';
import { checkAllowedUsages } from './usageRules';
import { editDistance } from './usageText';
import type { Diagnostic } from './types';
import type { PolicyCheckOptions } from './validate';

const USER_FIELDS = ['ObjectId', 'AllowedUsages'] as const;
const SERVICE_FIELDS = ['ClientId', 'TenantId', 'DisplayName', 'IsSystem'] as const;
const KNOWN_FIELDS = new Map<string, string>([...USER_FIELDS, ...SERVICE_FIELDS].map((f) => [f.toLowerCase(), f]));

export function checkPolicyText(text: string, options: PolicyCheckOptions): Diagnostic[] {
  // Stable sort: diagnostics read top to bottom, and those at one place keep the order they were found in.
  return (singleQuoted(text, options) ?? collect(text, options)).sort((a, b) => a.offset - b.offset);
}

/**
 * `[{'ObjectId': 'system', …}]`, as docs pages write it: the service's JSON reader (Json.NET) accepts single quotes.
 * One info about it, then the content checked as if double-quoted (same length, so every offset still holds).
 */
function singleQuoted(text: string, options: PolicyCheckOptions): Diagnostic[] | undefined {
  const first = text.indexOf("'");
  if (first < 0 || text.includes('"') || !/^\s*[[{]/.test(text)) return undefined;
  const converted = text.replace(/'/g, '"');
  return [
    diagnostic(
      'MIP202',
      first,
      1,
      "Single-quoted JSON: the service accepts it (its JSON reader allows ' quotes), but standard JSON and most tools do not. Prefer double quotes.",
      replace('Use double quotes', 0, text.length, converted),
    ),
    ...collect(converted, options),
  ];
}

function collect(text: string, options: PolicyCheckOptions): Diagnostic[] {
  // Only a text starting with a comment can be nothing but comments: spare the others a pass.
  if (text.trim() === '' || (text.trimStart().startsWith('/') && stripComments(text).trim() === '')) {
    return [
      diagnostic(
        'MIP001',
        0,
        text.length,
        'The policy is empty: expected a JSON array such as [{"ObjectId": "system", "AllowedUsages": "AutomatedFlows"}].',
      ),
      ...triviaDiagnostics(text),
    ];
  }
  const deep = tooDeepAt(text);
  if (deep >= 0)
    return [
      diagnostic(
        'MIP016',
        deep,
        1,
        `The policy is nested more than ${MAX_DEPTH} levels deep here; a policy is an array of objects (2 levels). It is not checked further.`,
      ),
    ];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const out = [...syntaxDiagnostics(text, errors), ...triviaDiagnostics(text)];
  // A half-typed document gives misleading structure: report its syntax first.
  if (errors.length > 0 || root === undefined) return out;
  if (root.type !== 'array') {
    const looksLikeElement =
      root.type === 'object' && root.children?.some((p) => keyOf(p)?.toLowerCase() === 'objectid');
    out.push(
      diagnostic(
        'MIP002',
        root.offset,
        root.length,
        looksLikeElement
          ? 'The policy must be an array: wrap this object in [ ].'
          : 'The policy must be a JSON array of {"ObjectId", "AllowedUsages"} objects.',
        looksLikeElement
          ? replace('Wrap in [ ]', root.offset, root.length, `[${text.slice(root.offset, root.offset + root.length)}]`)
          : undefined,
      ),
    );
    return out;
  }
  const firstById = new Map<string, number>();
  (root.children ?? []).forEach((element, index) => {
    if (element.type !== 'object') {
      out.push(
        diagnostic(
          'MIP003',
          element.offset,
          element.length,
          `Element ${index + 1} must be an object {"ObjectId": …, "AllowedUsages": …}, not ${describe(element)}.`,
        ),
      );
      return;
    }
    const id = checkElement(text, element, options, out);
    if (id === undefined) return;
    const key = id.value.toLowerCase();
    const first = firstById.get(key);
    if (first === undefined) firstById.set(key, index);
    else {
      out.push(
        diagnostic(
          'MIP103',
          id.node.offset,
          id.node.length,
          `This ObjectId is already in element ${first + 1}: list all its usages in one element.`,
        ),
      );
    }
  });
  return out;
}

/** Checks one element; returns its ObjectId when it is a string, for the duplicate check. */
function checkElement(
  text: string,
  element: Node,
  options: PolicyCheckOptions,
  out: Diagnostic[],
): { value: string; node: Node } | undefined {
  const fields = new Map<string, Node>();
  for (const property of element.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const key = String(keyNode.value);
    const canonical = KNOWN_FIELDS.get(key.toLowerCase());
    if (canonical === undefined) {
      const near = [...KNOWN_FIELDS.values()].find((f) => editDistance(f.toLowerCase(), key.toLowerCase()) <= 2);
      out.push(
        diagnostic(
          'MIP104',
          keyNode.offset,
          keyNode.length,
          `Unknown field '${key}'${near ? ` (did you mean '${near}'?)` : ''}: the policy knows ObjectId and AllowedUsages.`,
        ),
      );
      continue;
    }
    if (canonical !== key) {
      const at = span(text, keyNode);
      out.push(
        diagnostic(
          'MIP107',
          keyNode.offset,
          keyNode.length,
          `Write the field name as '${canonical}', not '${key}'.`,
          at.exact ? replace(`Rename to '${canonical}'`, at.offset, at.length, canonical) : undefined,
        ),
      );
    }
    if (fields.has(canonical)) {
      out.push(
        diagnostic(
          'MIP112',
          keyNode.offset,
          keyNode.length,
          `'${canonical}' appears twice in this element; only one of them counts.`,
        ),
      );
      continue;
    }
    fields.set(canonical, valueNode);
    if ((SERVICE_FIELDS as readonly string[]).includes(canonical)) {
      out.push(
        diagnostic(
          'MIP201',
          property.offset,
          property.length,
          `${canonical} is filled in by the service; it need not be sent.`,
        ),
      );
    }
  }
  const idNode = fields.get('ObjectId');
  const usagesNode = fields.get('AllowedUsages');
  if (idNode === undefined) {
    out.push(
      diagnostic(
        'MIP004',
        element.offset,
        element.length,
        'This element has no ObjectId: give the identity\'s object id, or "system".',
      ),
    );
  }
  if (usagesNode === undefined) {
    out.push(
      diagnostic(
        'MIP005',
        element.offset,
        element.length,
        'This element has no AllowedUsages: list what the identity may be used for, e.g. "AutomatedFlows".',
      ),
    );
  }
  if (usagesNode !== undefined) checkUsagesNode(text, usagesNode, options, out);
  if (idNode === undefined) return undefined;
  if (idNode.type !== 'string') {
    out.push(
      diagnostic(
        'MIP006',
        idNode.offset,
        idNode.length,
        `ObjectId must be a string in double quotes, not ${describe(idNode)}.`,
      ),
    );
    return undefined;
  }
  const id = String(idNode.value);
  out.push(...checkObjectId(id, span(text, idNode), options.cluster));
  return { value: id, node: idNode };
}

function checkUsagesNode(text: string, node: Node, options: PolicyCheckOptions, out: Diagnostic[]): void {
  if (node.type === 'string') {
    out.push(...checkAllowedUsages(String(node.value), span(text, node), options.scope));
    return;
  }
  const strings =
    node.type === 'array' && (node.children ?? []).every((c) => c.type === 'string')
      ? (node.children ?? [])
      : undefined;
  out.push(
    diagnostic(
      'MIP007',
      node.offset,
      node.length,
      strings
        ? 'AllowedUsages is one string with commas, not an array: "AutomatedFlows, ExternalTable".'
        : `AllowedUsages must be a string such as "AutomatedFlows, ExternalTable", not ${describe(node)}.`,
      strings && strings.length > 0
        ? replace(
            'Join into one string',
            node.offset,
            node.length,
            JSON.stringify(strings.map((c) => String(c.value)).join(', ')),
          )
        : undefined,
    ),
  );
}

/** The string's content range; exact only when the source has no escapes, so content and text offsets agree. */
function span(text: string, node: Node): ValueSpan {
  const raw = text.slice(node.offset, node.offset + node.length);
  const exact = !raw.includes('\\') && raw.length >= 2;
  return exact
    ? { offset: node.offset + 1, length: node.length - 2, exact }
    : { offset: node.offset, length: node.length, exact: false };
}

function keyOf(property: Node): string | undefined {
  const key = property.children?.[0]?.value;
  return typeof key === 'string' ? key : undefined;
}

function describe(node: Node): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return `the number ${String(node.value)}`;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    default:
      return 'this value';
  }
}
