// Builds a diagnostic whose severity always comes from the code table.
import { CODES, type DiagnosticCode } from './codes';
import type { Diagnostic, Fix } from './types';

export function diagnostic(
  code: DiagnosticCode,
  offset: number,
  length: number,
  message: string,
  fix?: Fix,
): Diagnostic {
  const d = { offset, length, severity: CODES[code].severity, code, message };
  return fix ? { ...d, fix } : d;
}

export function replace(title: string, offset: number, length: number, newText: string): Fix {
  return { title, offset, length, newText };
}
