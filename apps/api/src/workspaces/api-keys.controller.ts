import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { AuthErrorCode, AuthException } from '../auth/auth.exception';
import { parseBody } from '../common/parse-body';
import { createApiKeyBody, idParam } from './dto/workspace-management.dto';
import { auditActorOf, AuthenticatedRequest } from './principal';
import type { ApiKeySummary } from './workspace.repository';
import { CreatedApiKey, WorkspaceService } from './workspace.service';

/** The workspace's API keys (admins): listed without secrets, created (the key shown once), revoked. */
@Controller('v1/api-keys')
@Access({ role: 'admin' })
export class ApiKeysController {
  constructor(private readonly workspaces: WorkspaceService) {}

  @Get()
  async list(@Req() req: AuthenticatedRequest): Promise<{ apiKeys: ApiKeySummary[] }> {
    return { apiKeys: await this.workspaces.listKeys(req.workspaceId) };
  }

  /** `{ name, scope: "ingest" | "read" }` → the key, once; only its hash is stored. */
  @Post()
  @HttpCode(201)
  create(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<CreatedApiKey> {
    const { name, scope } = parseBody(createApiKeyBody, body);
    return this.workspaces.createKey(req.workspaceId, scope, name, auditActorOf(req.principal));
  }

  /** Revokes the key: this process refuses it at once, other API processes within 30 s. */
  @Delete(':id')
  async revoke(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<{ apiKey: ApiKeySummary }> {
    const keyId = parseBody(idParam, id, 'id');
    const revoked = await this.workspaces.revokeKey(req.workspaceId, keyId, auditActorOf(req.principal));
    if (!revoked) throw new AuthException(404, AuthErrorCode.NotFound, `id: this workspace has no API key ${keyId}`, 'id');
    return { apiKey: revoked };
  }
}
