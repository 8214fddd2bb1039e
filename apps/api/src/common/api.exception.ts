/** Error codes a client can branch on; the message says the same in words. */
export enum ApiErrorCode {
  MissingKey = 'missing_key',
  InvalidKey = 'invalid_key',
  WrongKeyScope = 'wrong_key_scope',
  MalformedJson = 'malformed_json',
  InvalidBody = 'invalid_body',
  InvalidEvent = 'invalid_event',
  BatchTooLarge = 'batch_too_large',
  BodyTooLarge = 'body_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  NotFound = 'not_found',
  Unavailable = 'unavailable',
  Internal = 'internal',
}

/** The one exception the API throws for a client-visible failure; the filter turns it into HTTP. */
export class ApiException extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    /** Extra body fields (e.g. the per-event rejections of an ingest request). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}
