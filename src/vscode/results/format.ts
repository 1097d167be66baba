// A result table as CSV, JSON and safe HTML: pure functions, testable without VS Code.
import type { ResultTable } from '../../services/model';

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function toCsv(t: ResultTable): string {
  const esc = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [t.columns.map((c) => esc(c.name)), ...t.rows.map((r) => r.map((v) => esc(cellText(v))))]
    .map((r) => r.join(','))
    .join('\r\n');
}

export function toJson(t: ResultTable): string {
  return JSON.stringify(
    t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.name, r[i] ?? null]))),
    null,
    2,
  );
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

/** A JSON value behind a cell: objects and arrays as they are, a string holding a JSON object or array parsed. */
export function dynamicOf(value: unknown): object | undefined {
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) return value;
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export interface PolicyEntryView {
  readonly name: string;
  readonly objectId: string;
  readonly usages: string;
}

/** A managed identity policy cell as its entries (identity name, object id, usages); undefined for anything else. */
export function policyEntriesOf(value: unknown): PolicyEntryView[] | undefined {
  const v = dynamicOf(value);
  if (!Array.isArray(v) || !v.length) return undefined;
  const entries: PolicyEntryView[] = [];
  for (const e of v as unknown[]) {
    if (!e || typeof e !== 'object') return undefined;
    const { ObjectId, AllowedUsages, DisplayName, IsSystem } = e as Record<string, unknown>;
    if (typeof ObjectId !== 'string' || typeof AllowedUsages !== 'string') return undefined;
    const system = IsSystem === true || ObjectId.toLowerCase() === 'system';
    entries.push({
      name: system ? 'System-assigned' : typeof DisplayName === 'string' && DisplayName ? DisplayName : ObjectId,
      objectId: ObjectId,
      usages: AllowedUsages,
    });
  }
  return entries;
}

/** The HTML of one cell: a policy as its entries, any other JSON value folded (click to see it whole), text as text. */
export function cellHtml(value: unknown, long: number): string {
  const text = cellText(value);
  const entries = policyEntriesOf(value);
  const json = dynamicOf(value);
  const pretty = json ? escapeHtml(JSON.stringify(json, null, 2)) : '';
  if (entries) {
    const items = entries
      .map(
        (e) =>
          `<li><b>${escapeHtml(e.name)}</b> <span class="id">${escapeHtml(e.objectId)}</span> · ${escapeHtml(e.usages)}</li>`,
      )
      .join('');
    return `<td class="policy" data-v="${escapeHtml(text)}"><ul>${items}</ul><details><summary>JSON</summary><pre>${pretty}</pre></details></td>`;
  }
  if (json) {
    const preview = text.length > long ? `${text.slice(0, long)}…` : text;
    return `<td class="dynamic" data-v="${escapeHtml(text)}"><details><summary>${escapeHtml(preview)}</summary><pre>${pretty}</pre></details></td>`;
  }
  return text.length > long
    ? `<td class="long" data-v="${escapeHtml(text)}"><span>${escapeHtml(text.slice(0, long))}…</span></td>`
    : `<td data-v="${escapeHtml(text)}">${escapeHtml(text)}</td>`;
}
