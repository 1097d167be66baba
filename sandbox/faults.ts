// Per-route fault rules: tests make a route slow, throttled, broken or its long-running operation fail.

export interface FaultRule {
  /** HTTP method to match; any when absent */
  method?: string;
  /** matched against the path (without query string); a string matches as a substring */
  path: RegExp | string;
  /** matched against the request body (e.g. a Kusto command's csl); a string matches as a substring */
  body?: RegExp | string;
  /** answer this status instead of serving the request */
  status?: number;
  /** the error message sent with the status (default: `Injected fault: …`), e.g. one that echoes a secret */
  message?: string;
  /** seconds, sent as `Retry-After` with the status */
  retryAfter?: number;
  /** delay before answering (or before serving, when no status) */
  latencyMs?: number;
  /** answer 200 with a body that is not JSON */
  malformedBody?: boolean;
  /** long-running operation started by a matching request stays `InProgress` for this many polls */
  lroPolls?: number;
  /** long-running operation started by a matching request ends `Failed` with this error */
  lroError?: { code: string; message: string };
  /** how many requests this rule applies to; forever when absent */
  times?: number;
}

export interface FaultMatch {
  rule: FaultRule;
}

export class FaultInjector {
  private rules: { rule: FaultRule; left: number }[] = [];
  /** requests each rule has matched, in order of `add` */
  readonly hits: number[] = [];
  /** Every request that reached the sandbox's ARM and Kusto servers (the latest 10,000), for tests that assert what was sent */
  readonly requests: { method: string; path: string; body: string }[] = [];
  /** Kusto requests whose client hung up before the answer (`/<cluster>/v1/rest/mgmt`); the command still ran, as it may on the service */
  readonly abandoned: string[] = [];

  add(rule: FaultRule): this {
    this.rules.push({ rule, left: rule.times ?? Infinity });
    this.hits.push(0);
    return this;
  }

  clear(): void {
    this.rules = [];
    this.hits.length = 0;
    this.abandoned.length = 0;
    this.requests.length = 0;
  }

  /** The first live rule for this request, counting it as used. */
  take(method: string, path: string, body = ''): FaultRule | undefined {
    this.requests.push({ method: method.toUpperCase(), path, body: body.slice(0, 500) });
    if (this.requests.length > 10_000) this.requests.splice(0, this.requests.length - 10_000);
    for (let i = 0; i < this.rules.length; i++) {
      const r = this.rules[i];
      if (r.left <= 0) continue;
      if (r.rule.method && r.rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const p = r.rule.path;
      if (typeof p === 'string' ? !path.toLowerCase().includes(p.toLowerCase()) : !p.test(path)) continue;
      const b = r.rule.body;
      if (b !== undefined && (typeof b === 'string' ? !body.includes(b) : !b.test(body))) continue;
      r.left--;
      this.hits[i]++;
      return r.rule;
    }
    return undefined;
  }
}
