import type { IngestEvent, IngestResponse } from '@mailpulse/contracts';

export interface IngestTotals {
  requests: number;
  retries: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** The first few rejection reasons, for the summary. */
  sampleRejections: string[];
}

export interface IngestClientOptions {
  readonly target: string;
  readonly key: string | undefined;
  readonly concurrency: number;
  readonly maxAttempts?: number;
  /** Injected for tests. */
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A failure that retrying will not fix (bad key, malformed request). */
export class IngestRequestError extends Error {}

/**
 * Posts event batches to `<target>/v1/events` with a bearer key, a few at a time, retrying 429/502/503/504
 * and network errors with exponential backoff (honouring Retry-After).
 */
export class IngestClient {
  readonly totals: IngestTotals = {
    requests: 0,
    retries: 0,
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    sampleRejections: [],
  };
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | undefined;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: IngestClientOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.sleep =
      options.sleep ??
      ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Queues a batch; waits first if `concurrency` requests are already in flight. */
  async send(batch: IngestEvent[]): Promise<void> {
    while (this.inFlight.size >= this.options.concurrency)
      await Promise.race(this.inFlight);
    this.throwIfFailed();
    const request = this.post(batch)
      .catch((error: unknown) => {
        this.failure ??=
          error instanceof Error ? error : new Error(String(error));
      })
      .finally(() => this.inFlight.delete(request));
    this.inFlight.add(request);
  }

  /** Waits for every queued batch. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
    this.throwIfFailed();
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private async post(batch: IngestEvent[]): Promise<void> {
    const url = `${this.options.target}/v1/events`;
    const body = JSON.stringify(batch);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
    };
    if (this.options.key !== undefined)
      headers['authorization'] = `Bearer ${this.options.key}`;
    const maxAttempts = this.options.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let networkError: unknown;
      try {
        this.totals.requests++;
        response = await this.fetchFn(url, { method: 'POST', headers, body });
      } catch (error) {
        networkError = error;
      }
      if (response !== undefined && response.ok) {
        this.count((await response.json()) as IngestResponse);
        return;
      }
      const retriable =
        response === undefined ||
        [429, 502, 503, 504].includes(response.status);
      if (!retriable || attempt >= maxAttempts) {
        const detail =
          response === undefined
            ? describe(networkError)
            : `HTTP ${response.status} ${await response.text().catch(() => '')}`.trim();
        const hint =
          response?.status === 401 || response?.status === 403
            ? ' (check --key or MAILPULSE_INGEST_KEY)'
            : '';
        throw new IngestRequestError(
          `POST ${url} failed after ${attempt} attempt(s): ${detail.slice(0, 500)}${hint}`,
        );
      }
      this.totals.retries++;
      await this.sleep(
        backoffMs(attempt, response?.headers.get('retry-after') ?? null),
      );
    }
  }

  private count(result: IngestResponse): void {
    this.totals.accepted += result.accepted ?? 0;
    this.totals.duplicates += result.duplicates ?? 0;
    const rejected = result.rejected ?? [];
    this.totals.rejected += rejected.length;
    for (const r of rejected) {
      if (this.totals.sampleRejections.length >= 5) break;
      this.totals.sampleRejections.push(
        `#${r.index}${r.field === undefined ? '' : ` ${r.field}`}: ${r.reason}`,
      );
    }
  }
}

function backoffMs(attempt: number, retryAfter: string | null): number {
  const seconds = retryAfter === null ? NaN : Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0)
    return Math.min(seconds, 60) * 1000;
  return Math.min(250 * 2 ** (attempt - 1), 15_000);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error
      ? `${error.message}: ${cause.message}`
      : error.message;
  }
  return String(error);
}
