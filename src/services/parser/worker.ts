// Worker thread around the official parser: loads it on the first request, then answers each batch of texts with
// their syntax diagnostics. Nothing else runs here.
import { parentPort, workerData } from 'node:worker_threads';
import { loadOfficialParser, type OfficialParser } from './officialParser';

export interface ParseRequest {
  readonly id: number;
  readonly texts: readonly string[];
}
export type ParseResponse =
  | {
      readonly id: number;
      readonly results: readonly (readonly import('./officialParser').ParserFinding[])[];
      readonly loadMs?: number;
      readonly parseMs: number;
    }
  | { readonly id: number; readonly error: string };

let parser: OfficialParser | undefined;

parentPort?.on('message', (request: ParseRequest) => {
  try {
    let loadMs: number | undefined;
    if (!parser) {
      const t0 = performance.now();
      parser = loadOfficialParser((workerData as { dir: string }).dir);
      loadMs = performance.now() - t0;
    }
    const t1 = performance.now();
    const results = request.texts.map((t) => parser!.diagnose(t));
    const response: ParseResponse = {
      id: request.id,
      results,
      ...(loadMs !== undefined ? { loadMs } : {}),
      parseMs: performance.now() - t1,
    };
    parentPort!.postMessage(response);
  } catch (e) {
    parentPort!.postMessage({
      id: request.id,
      error: e instanceof Error ? e.message : String(e),
    } satisfies ParseResponse);
  }
});
