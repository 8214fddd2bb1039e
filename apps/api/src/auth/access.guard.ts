import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { authenticateApiKey } from '../workspaces/api-key.guard';
import { MembershipRepository } from '../workspaces/membership.repository';
import type { AuthenticatedRequest, UserPrincipal } from '../workspaces/principal';
import { Role, roleAtLeast } from '../workspaces/role';
import { WorkspaceService } from '../workspaces/workspace.service';
import { ACCESS_RULE, AccessRule } from './access-rule';
import { AuthErrorCode, AuthException } from './auth.exception';
import { credentialOf } from './request-credential';
import { isForeignOriginRequest, isSafeMethod } from './same-site-request';
import type { ActiveSession } from './session.repository';
import { isSessionToken } from './session-token';
import { SessionService } from './session.service';

/** A request that passed `@SignedIn()`. */
export interface SignedInRequest extends FastifyRequest {
  principal: UserPrincipal;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WORKSPACE_HEADER = 'X-Workspace-Id';

const article = (role: Role) => (role === 'admin' || role === 'analyst' ? 'an' : 'a');

/** What a route accepts, in words, for the 401 that says how to authenticate. */
function wanted(rule: AccessRule): string {
  if (rule.kind === 'signed-in' || !rule.scope) return 'Sign in (POST /v1/auth/login) and send the session token as "Authorization: Bearer <token>" or the mp_session cookie';
  if (!rule.role) return `Send your ${rule.scope} key as "Authorization: Bearer <key>"`;
  return `Send your ${rule.scope} key as "Authorization: Bearer <key>", or sign in as ${article(rule.role)} ${rule.role} or above`;
}

/** Routes that take keys keep the code they always answered (`missing_key`) for a request without one. */
const missingCode = (rule: AccessRule) => (rule.kind === 'workspace' && rule.scope ? AuthErrorCode.MissingKey : AuthErrorCode.MissingCredentials);

/**
 * The one guard behind `@Access` and `@SignedIn`: a workspace API key of the right scope, or a user session
 * (bearer token or cookie) whose role in the requested workspace is high enough. A workspace the user is not a
 * member of answers 404, as if it did not exist.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly workspaces: WorkspaceService,
    private readonly memberships: MembershipRepository,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new Error('AccessGuard is used through @Access or @SignedIn, which say who may call the route');
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credential = credentialOf(req);
    switch (credential.kind) {
      case 'none':
        throw new AuthException(401, missingCode(rule), wanted(rule), 'Authorization');
      case 'malformed':
        throw new AuthException(401, missingCode(rule), 'The Authorization header must be "Bearer <token>"', 'Authorization');
      case 'bearer':
        if (!isSessionToken(credential.token)) return this.admitApiKey(req, rule, credential.token);
        break;
      case 'cookie':
        break;
    }

    const session = await this.sessions.resolve(credential.token);
    if (!session) throw new AuthException(401, AuthErrorCode.InvalidSession, 'The session is unknown, expired or signed out; sign in again', credential.kind === 'cookie' ? 'Cookie' : 'Authorization');
    if (credential.kind === 'cookie' && !isSafeMethod(req.method) && isForeignOriginRequest(req, this.config.CORS_ORIGINS)) {
      throw new AuthException(403, AuthErrorCode.CrossSiteRequest, 'A change signed in by cookie must come from the Mailpulse portal or an origin in CORS_ORIGINS', 'Origin');
    }
    const principal: UserPrincipal = { kind: 'user', userId: session.userId, email: session.email, sessionId: session.sessionId };
    if (rule.kind === 'signed-in') {
      req.principal = principal;
      return true;
    }
    if (!rule.role) throw new AuthException(403, AuthErrorCode.ApiKeyRequired, `This route takes a ${rule.scope} API key, not a user session`, 'Authorization');

    const { workspaceId, role } = await this.membershipFor(req, session);
    if (!roleAtLeast(role, rule.role)) {
      throw new AuthException(403, AuthErrorCode.InsufficientRole, `This needs the ${rule.role} role in this workspace; you are ${article(role)} ${role}`);
    }
    req.workspaceId = workspaceId;
    req.principal = { ...principal, workspaceId, role };
    return true;
  }

  private async admitApiKey(req: AuthenticatedRequest, rule: AccessRule, key: string): Promise<boolean> {
    if (rule.kind === 'signed-in' || !rule.scope) {
      const found = await this.workspaces.resolveKey(key);
      if (!found) throw new AuthException(401, AuthErrorCode.InvalidKey, 'The API key is unknown or revoked', 'Authorization');
      const who = rule.kind === 'workspace' && rule.role ? `a signed-in user with the ${rule.role} role` : 'a signed-in user';
      throw new AuthException(403, AuthErrorCode.SessionRequired, `This route needs ${who}; API keys cannot use it`, 'Authorization');
    }
    const principal = await authenticateApiKey(this.workspaces, key, rule.scope);
    req.workspaceId = principal.workspaceId;
    req.principal = principal;
    return true;
  }

  /** The workspace the session acts on (X-Workspace-Id, or the user's only one) and the user's role in it. */
  private async membershipFor(req: FastifyRequest, session: ActiveSession): Promise<{ workspaceId: string; role: Role }> {
    const raw = req.headers['x-workspace-id'];
    const header = Array.isArray(raw) ? raw[0] : raw;
    if (header !== undefined) {
      if (!UUID.test(header)) throw new AuthException(400, AuthErrorCode.InvalidBody, `${WORKSPACE_HEADER}: must be a workspace id (a UUID)`, WORKSPACE_HEADER);
      const role = await this.memberships.roleOf(header.toLowerCase(), session.userId);
      if (!role) throw new AuthException(404, AuthErrorCode.NotFound, `No workspace ${header} among yours`, WORKSPACE_HEADER);
      return { workspaceId: header.toLowerCase(), role };
    }
    const mine = await this.workspaces.listForUser(session.userId);
    if (mine.length === 1) return { workspaceId: mine[0]!.id, role: mine[0]!.role };
    if (mine.length === 0) throw new AuthException(404, AuthErrorCode.NotFound, 'You are not a member of any workspace yet; create one with POST /v1/workspaces', WORKSPACE_HEADER);
    throw new AuthException(400, AuthErrorCode.WorkspaceRequired, `${WORKSPACE_HEADER}: is required, you belong to ${mine.length} workspaces`, WORKSPACE_HEADER);
  }
}
