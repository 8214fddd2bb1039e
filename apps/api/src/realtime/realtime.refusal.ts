import type { RealtimeError } from '@mailpulse/contracts';

/** Why a live-stream connection or subscription is refused; the codes are those of the HTTP API (docs/auth.md). */
export enum RealtimeRefusalCode {
  MissingCredentials = 'missing_credentials',
  InvalidKey = 'invalid_key',
  InvalidSession = 'invalid_session',
  WrongKeyScope = 'wrong_key_scope',
  CrossSiteRequest = 'cross_site_request',
  InvalidBody = 'invalid_body',
  WorkspaceRequired = 'workspace_required',
  NotFound = 'not_found',
  TooManyRooms = 'too_many_rooms',
  Unavailable = 'unavailable',
}

/** A refused connection (sent as the `connect_error`) or subscription (sent in the acknowledgement). */
export class RealtimeRefusal extends Error {
  constructor(
    readonly code: RealtimeRefusalCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toError(): RealtimeError {
    return { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}
