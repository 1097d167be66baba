// What reaches the log: obfuscated strings (h@'…', h'…', h"…") and bearer tokens replaced before anything is written.

/** Replaces the body of every obfuscated string literal and every bearer token / JWT / SAS signature. */
export function redact(text: string): string {
  return text
    .replace(/\b([hH]@?)'(?:[^'\\]|\\.|'')*'/g, "$1'***'")
    .replace(/\b([hH]@?)"(?:[^"\\]|\\.|"")*"/g, '$1"***"')
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer ***')
    .replace(/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, '***jwt***')
    .replace(/([?&;]sig=)[^&;'"\s]+/gi, '$1***')
    .replace(/(AccountKey=|Password=)[^;'"\s]+/gi, '$1***');
}
