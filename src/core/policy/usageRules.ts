// Checks of one `AllowedUsages` string, item by item, with fixes located inside the string.
import type { PolicyScope } from '../scope';
import { USAGES, findUsageIgnoringCase, usageAllowedAt } from '../usages';
import type { ValueSpan } from './identity';
import { diagnostic, replace } from './make';
import { closestUsage, splitUsages, type UsageItem } from './usageText';
import type { Diagnostic, Fix } from './types';

export function checkAllowedUsages(value: string, at: ValueSpan, scope: PolicyScope): Diagnostic[] {
  const out: Diagnostic[] = [];
  const items = splitUsages(value);
  if (items.length === 1 && items[0].text === '') {
    return [
      diagnostic(
        'MIP012',
        at.offset,
        at.length,
        'AllowedUsages is empty: list at least one usage, e.g. "AutomatedFlows".',
      ),
    ];
  }
  // Escapes make string offsets differ from text offsets: then point at the whole string and offer no fix.
  const span = (offset: number, length: number) => (at.exact ? { offset: at.offset + offset, length } : at);
  const edit = (title: string, offset: number, length: number, newText: string): Fix | undefined =>
    at.exact ? replace(title, at.offset + offset, length, newText) : undefined;
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const next = items[i + 1];
    const here = span(item.offset, item.text.length);
    if (item.text === '') {
      const comma = item.commaBefore >= 0 ? item.commaBefore : (next?.commaBefore ?? 0);
      const c = span(comma, 1);
      out.push(
        diagnostic(
          'MIP012',
          c.offset,
          c.length,
          'Empty item in AllowedUsages (a comma too many).',
          removal(item, next, edit),
        ),
      );
      return;
    }
    const usage = findUsageIgnoringCase(item.text);
    if (usage === undefined) {
      out.push(unknownUsage(item, here, edit));
      return;
    }
    if (seen.has(usage.name)) {
      out.push(
        diagnostic(
          'MIP101',
          here.offset,
          here.length,
          `'${usage.name}' is listed twice.`,
          removal(item, next, edit, `Remove the second '${usage.name}'`),
        ),
      );
      return;
    }
    seen.add(usage.name);
    if (usage.name !== item.text) {
      out.push(
        diagnostic(
          'MIP108',
          here.offset,
          here.length,
          `Write '${usage.name}', not '${item.text}'.`,
          edit(`Replace with '${usage.name}'`, item.offset, item.text.length, usage.name),
        ),
      );
    }
    if (!usageAllowedAt(usage, scope)) {
      out.push(
        diagnostic(
          'MIP014',
          here.offset,
          here.length,
          `'${usage.name}' is allowed only in the cluster-level policy; the service rejects it in a database policy.`,
        ),
      );
    }
  });
  if (seen.has('All') && seen.size > 1) {
    out.push(
      diagnostic(
        'MIP102',
        at.offset,
        at.length,
        "'All' already allows every usage: the others listed with it add nothing.",
      ),
    );
  }
  return out;
}

function unknownUsage(
  item: UsageItem,
  here: { offset: number; length: number },
  edit: (title: string, offset: number, length: number, newText: string) => Fix | undefined,
): Diagnostic {
  const words = item.text.split(/[\s;|]+/).filter((w) => w !== '');
  const named = words.map((w) => findUsageIgnoringCase(w)?.name);
  if (words.length > 1 && named.every((n) => n !== undefined)) {
    const joined = named.join(', ');
    return diagnostic(
      'MIP015',
      here.offset,
      here.length,
      `Separate usages with commas: "${joined}".`,
      edit('Separate with commas', item.offset, item.text.length, joined),
    );
  }
  const near = closestUsage(item.text);
  if (near) {
    return diagnostic(
      'MIP013',
      here.offset,
      here.length,
      `Unknown usage '${item.text}'. Did you mean '${near.usage.name}'?`,
      near.certain
        ? edit(`Replace with '${near.usage.name}'`, item.offset, item.text.length, near.usage.name)
        : undefined,
    );
  }
  return diagnostic(
    'MIP013',
    here.offset,
    here.length,
    `Unknown usage '${item.text}'. Valid usages: ${USAGES.map((u) => u.name).join(', ')}.`,
  );
}

/** Removes an item together with one comma next to it, so the list stays well formed. */
function removal(
  item: UsageItem,
  next: UsageItem | undefined,
  edit: (title: string, offset: number, length: number, newText: string) => Fix | undefined,
  title = 'Remove the empty item',
): Fix | undefined {
  const end = item.offset + item.text.length;
  if (item.commaBefore >= 0) return edit(title, item.commaBefore, end - item.commaBefore, '');
  if (next) return edit(title, item.offset, next.offset - item.offset, '');
  return undefined;
}
