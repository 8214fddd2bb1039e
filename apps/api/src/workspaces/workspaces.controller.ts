import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { SignedIn } from '../auth/access.decorator';
import type { SignedInRequest } from '../auth/access.guard';
import { parseBody } from '../common/parse-body';
import { createWorkspaceBody } from './dto/workspace-management.dto';
import { auditActorOf } from './principal';
import type { Role } from './role';
import type { WorkspaceOfUser } from './workspace.repository';
import { WorkspaceService } from './workspace.service';

export interface CreatedWorkspaceResponse {
  id: string;
  name: string;
  role: Role;
  /** The workspace's first keys, shown once. */
  ingestKey: string;
  readKey: string;
}

@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspaceService) {}

  /** The workspaces the signed-in user belongs to, with their role in each. */
  @Get()
  @SignedIn()
  async list(@Req() req: SignedInRequest): Promise<{ workspaces: WorkspaceOfUser[] }> {
    return { workspaces: await this.workspaces.listForUser(req.principal.userId) };
  }

  /** Any signed-in user may create a workspace and becomes its admin; its ingest and read keys are returned once. */
  @Post()
  @HttpCode(201)
  @SignedIn()
  async create(@Req() req: SignedInRequest, @Body() body: unknown): Promise<CreatedWorkspaceResponse> {
    const { name } = parseBody(createWorkspaceBody, body);
    const created = await this.workspaces.createWorkspace(name, null, { admin: req.principal.userId, actor: auditActorOf(req.principal) });
    return { id: created.workspaceId, name, role: 'admin', ingestKey: created.ingestKey, readKey: created.readKey };
  }
}
