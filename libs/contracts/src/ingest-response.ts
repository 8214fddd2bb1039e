/** What `POST /v1/events` answers once the accepted events are durably committed. */
export interface IngestRejection {
  /** Position of the event in the request (0 for a single-event body). */
  index: number;
  /** Dotted path of the offending field, e.g. `properties.bounceClass`; absent when the event as a whole is wrong. */
  field?: string;
  /** What was wrong, in words. */
  reason: string;
}

export interface IngestResponse {
  /** Events stored for the first time. */
  accepted: number;
  /** Events whose `id` was already stored (retries); they are counted once. */
  duplicates: number;
  rejected: IngestRejection[];
}

/** The error body every 4xx/5xx of the API uses. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
  };
}
