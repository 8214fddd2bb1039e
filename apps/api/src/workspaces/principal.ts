import type { FastifyRequest } from 'fastify';
import type { KeyScope } from './api-key';
import type { Role } from './role';

/** A request made with a workspace API key. */
export interface ApiKeyPrincipal {
  kind: 'api_key';
  keyId: string;
  scope: KeyScope;
  workspaceId: string;
}

/** A request made by a signed-in user; `workspaceId` and `role` are set on routes that act on a workspace. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  email: string;
  sessionId: string;
  workspaceId?: string;
  role?: Role;
}

export type Principal = ApiKeyPrincipal | UserPrincipal;

/** A request that passed a workspace guard: the workspace it acts on, and who is acting. */
export interface AuthenticatedRequest extends FastifyRequest {
  workspaceId: string;
  principal: Principal;
}

/** How an audit row names whoever made a change. */
export interface AuditActor {
  /** `user:<id>`, `api_key:<id>`, `cli` or `system`. */
  actor: string;
  userId: string | null;
}

export function auditActorOf(principal: Principal): AuditActor {
  return principal.kind === 'user' ? { actor: `user:${principal.userId}`, userId: principal.userId } : { actor: `api_key:${principal.keyId}`, userId: null };
}

export const CLI_ACTOR: AuditActor = { actor: 'cli', userId: null };
export const SYSTEM_ACTOR: AuditActor = { actor: 'system', userId: null };
