// Talks to the parser's worker thread: starts it on first use, sends texts in small batches (so results arrive while
// the rest is parsed), remembers each text's answer, and restarts the worker after it fails.
import { Worker } from 'node:worker_threads';
import type { ParserFinding } from './officialParser';
import type { ParseRequest, ParseResponse } from './worker';

export interface ParserClientOptions {
  /** The worker's script: the bundle `dist/parser-worker.js` (a worker thread runs JavaScript only). */
  readonly workerPath: string;
  /** The folder holding the parser's scripts. */
  readonly parserDir: string;
  /** Texts per message: results come back batch by batch. */
  readonly batchSize?: number;
  readonly log?: (message: string) => void;
}

const CACHE_LIMIT = 2000;

export class OfficialParserClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ParseResponse) => void; reject: (e: Error) => void }>();
  /** Findings by text: unchanged commands are not parsed again. Oldest entries go first once it is full. */
  private readonly cache = new Map<string, readonly ParserFinding[]>();
  private disposed = false;

  constructor(private readonly options: ParserClientOptions) {}

  /**
   * The syntax findings of each text. `onBatch` sees the findings known so far after each batch, so a caller can show
   * them before the whole document is parsed; `isCancelled` stops sending further batches.
   */
  async check(
    texts: readonly string[],
    onBatch?: () => void,
    isCancelled?: () => boolean,
  ): Promise<(readonly ParserFinding[])[]> {
    const missing = [...new Set(texts.filter((t) => !this.cache.has(t)))];
    const size = this.options.batchSize ?? 8;
    for (let i = 0; i < missing.length && !isCancelled?.(); i += size) {
      const batch = missing.slice(i, i + size);
      const response = await this.send(batch);
      if ('error' in response) throw new Error(`the Kusto parser failed: ${response.error}`);
      if (response.loadMs !== undefined) this.options.log?.(`Kusto parser loaded in ${response.loadMs.toFixed(0)} ms`);
      this.options.log?.(`Kusto parser: ${batch.length} command(s) in ${response.parseMs.toFixed(0)} ms`);
      batch.forEach((t, k) => this.remember(t, response.results[k]));
      onBatch?.();
    }
    return texts.map((t) => [...(this.cache.get(t) ?? [])]);
  }

  /** Findings already known for a text (undefined: not parsed yet). */
  known(text: string): readonly ParserFinding[] | undefined {
    return this.cache.get(text);
  }

  dispose(): void {
    this.disposed = true;
    this.stop(new Error('the Kusto parser was stopped'));
  }

  private remember(text: string, findings: readonly ParserFinding[]): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(text, findings);
  }

  private send(texts: readonly string[]): Promise<ParseResponse> {
    if (this.disposed) return Promise.reject(new Error('the Kusto parser was stopped'));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, texts } satisfies ParseRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath, {
      workerData: { dir: this.options.parserDir },
      // The parser keeps everything in its own heap: a cap keeps a runaway document from taking the host down.
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    worker.on('message', (r: ParseResponse) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      p?.resolve(r);
    });
    worker.on('error', (e) => this.stop(e));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.stop(new Error(`the Kusto parser's worker exited (code ${code})`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
    if (worker) void worker.terminate();
  }
}
