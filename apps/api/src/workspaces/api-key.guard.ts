import { CanActivate, ExecutionContext, Injectable, mixin, Type } from '@nestjs/common';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import type { KeyScope } from './api-key';
import type { ApiKeyPrincipal, AuthenticatedRequest } from './principal';
import { WorkspaceService } from './workspace.service';

export type { AuthenticatedRequest } from './principal';

/**
 * Checks an API key for a route that needs `scope`: 401 when it is unknown or revoked, 403 when it has
 * another scope. Both guards (ApiKeyGuard and `@Access`) check keys here.
 */
export async function authenticateApiKey(workspaces: WorkspaceService, key: string, scope: KeyScope): Promise<ApiKeyPrincipal> {
  const found = await workspaces.resolveKey(key);
  if (!found) throw new ApiException(401, ApiErrorCode.InvalidKey, 'The API key is unknown or revoked', 'Authorization');
  if (!WorkspaceService.scopeAllows(found.scope, scope)) {
    throw new ApiException(403, ApiErrorCode.WrongKeyScope, `This is a ${found.scope} key; this route needs a ${scope} key`, 'Authorization');
  }
  return { kind: 'api_key', keyId: found.id, scope: found.scope, workspaceId: found.workspaceId };
}

/**
 * Guard for routes called with a workspace API key as `Authorization: Bearer <key>` of the given scope (keys
 * only). `@Access({ scope })` from `auth/access.decorator` does the same and can also let signed-in users in.
 */
export function ApiKeyGuard(scope: KeyScope): Type<CanActivate> {
  @Injectable()
  class ScopedApiKeyGuard implements CanActivate {
    constructor(private readonly workspaces: WorkspaceService) {}

    async canActivate(context: ExecutionContext): Promise<boolean> {
      const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
      const header = req.headers.authorization;
      if (!header) throw new ApiException(401, ApiErrorCode.MissingKey, `Send your ${scope} key as "Authorization: Bearer <key>"`, 'Authorization');
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new ApiException(401, ApiErrorCode.MissingKey, 'The Authorization header must be "Bearer <key>"', 'Authorization');
      const principal = await authenticateApiKey(this.workspaces, match[1]!, scope);
      req.workspaceId = principal.workspaceId;
      req.principal = principal;
      return true;
    }
  }
  return mixin(ScopedApiKeyGuard);
}
