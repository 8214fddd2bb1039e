import { ApiErrorCode, ApiException } from '../common/api.exception';

/** Error codes of the webhook routes; the message says the same in words. */
export enum WebhookErrorCode {
  UnknownEndpoint = 'not_found',
  MissingSignature = 'missing_signature',
  InvalidSignature = 'invalid_signature',
  MalformedJson = 'malformed_json',
  InvalidBody = 'invalid_body',
  UnsupportedMediaType = 'unsupported_media_type',
}

/**
 * A client-visible webhook failure. It is an ApiException so the one HTTP filter maps it; its codes are this
 * module's own (the shared enum has no signature codes), hence the widening cast.
 */
export class WebhookException extends ApiException {
  constructor(status: 400 | 401 | 404 | 415, code: WebhookErrorCode, message: string, field?: string) {
    super(status, code as string as ApiErrorCode, message, field);
  }
}
