import { Global, Module } from '@nestjs/common';
import { AuditLogRepository } from './audit-log.repository';
import { MemberService } from './member.service';
import { MembershipRepository } from './membership.repository';
import { WorkspaceRepository } from './workspace.repository';
import { WorkspaceService } from './workspace.service';

/** Workspaces, their API keys, members and audit log, without HTTP (the CLI uses it too). */
@Global()
@Module({
  providers: [WorkspaceRepository, WorkspaceService, MembershipRepository, MemberService, AuditLogRepository],
  exports: [WorkspaceService, MembershipRepository, MemberService, AuditLogRepository],
})
export class WorkspacesModule {}
