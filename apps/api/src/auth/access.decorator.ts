import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { AccessGuard } from './access.guard';
import { ACCESS_RULE, AccessRequirement, AccessRule } from './access-rule';

export type { AccessRequirement } from './access-rule';

/**
 * A route that acts on one workspace. Sets `req.workspaceId` and `req.principal` as ApiKeyGuard does. A session
 * names its workspace with `X-Workspace-Id` (or has exactly one). E.g. `@Access({ scope: 'ingest', role: 'analyst' })`.
 */
export function Access(requirement: AccessRequirement): MethodDecorator & ClassDecorator {
  if (!requirement.scope && !requirement.role) throw new Error('@Access needs a scope, a role or both');
  return applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'workspace', ...requirement } satisfies AccessRule), UseGuards(AccessGuard));
}

/** A route for any signed-in user, not tied to one workspace (their profile, their workspaces). Sets `req.principal`. */
export function SignedIn(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'signed-in' } satisfies AccessRule), UseGuards(AccessGuard));
}
