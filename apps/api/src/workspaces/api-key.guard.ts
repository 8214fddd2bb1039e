import { CanActivate, ExecutionContext, Injectable, mixin, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import type { KeyScope } from './api-key';
import { WorkspaceService } from './workspace.service';

export interface AuthenticatedRequest extends FastifyRequest {
  workspaceId: string;
}

/** Guard for routes called with a workspace API key as `Authorization: Bearer <key>` of the given scope. */
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
      const found = await this.workspaces.resolveKey(match[1]!);
      if (!found) throw new ApiException(401, ApiErrorCode.InvalidKey, 'The API key is unknown or revoked', 'Authorization');
      if (!WorkspaceService.scopeAllows(found.scope, scope)) {
        throw new ApiException(403, ApiErrorCode.WrongKeyScope, `This is a ${found.scope} key; this route needs a ${scope} key`, 'Authorization');
      }
      req.workspaceId = found.workspaceId;
      return true;
    }
  }
  return mixin(ScopedApiKeyGuard);
}
