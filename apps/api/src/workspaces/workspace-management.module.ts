import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { AuditLogController } from './audit-log.controller';
import { MembersController } from './members.controller';
import { WorkspacesController } from './workspaces.controller';

/** Managing workspaces over REST: `/v1/workspaces`, `/v1/api-keys`, `/v1/members`, `/v1/audit-log`. */
@Module({ controllers: [WorkspacesController, ApiKeysController, MembersController, AuditLogController] })
export class WorkspaceManagementModule {}
