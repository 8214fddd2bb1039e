import { ApiErrorCode, ApiException } from '../common/api.exception';

/** Error codes of sign-in, access checks and workspace management; the message says the same in words. */
export enum AuthErrorCode {
  MissingCredentials = 'missing_credentials',
  MissingKey = 'missing_key',
  InvalidCredentials = 'invalid_credentials',
  InvalidSession = 'invalid_session',
  InvalidKey = 'invalid_key',
  WrongKeyScope = 'wrong_key_scope',
  SessionRequired = 'session_required',
  ApiKeyRequired = 'api_key_required',
  InsufficientRole = 'insufficient_role',
  WorkspaceRequired = 'workspace_required',
  CrossSiteRequest = 'cross_site_request',
  TooManyAttempts = 'too_many_attempts',
  RateLimited = 'rate_limited',
  InvalidBody = 'invalid_body',
  NotFound = 'not_found',
  AlreadyMember = 'already_member',
  LastAdmin = 'last_admin',
  EmailTaken = 'email_taken',
}

/**
 * A client-visible failure of this module. It is an ApiException so the one HTTP filter maps it; its codes are
 * this module's own, hence the widening cast. `retryAfterSeconds` becomes a Retry-After header (AuthExceptionFilter).
 */
export class AuthException extends ApiException {
  constructor(
    status: 400 | 401 | 403 | 404 | 409 | 429,
    code: AuthErrorCode,
    message: string,
    field?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(status, code as string as ApiErrorCode, message, field);
  }
}
