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
