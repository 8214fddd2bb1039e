import { Global, Module } from '@nestjs/common';
import { WorkspaceRepository } from './workspace.repository';
import { WorkspaceService } from './workspace.service';

@Global()
@Module({ providers: [WorkspaceRepository, WorkspaceService], exports: [WorkspaceService] })
export class WorkspacesModule {}
