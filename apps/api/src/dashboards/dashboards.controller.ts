import type { Dashboard, DashboardListResponse, DefaultDashboardResponse, SetDefaultDashboardResponse } from '@mailpulse/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import type { AuthenticatedRequest } from '../workspaces/principal';
import { dashboardCallerOf } from './dashboard-caller';
import { DashboardsService } from './dashboards.service';
import { createDashboardBody, dashboardId, parseDashboardInput, updateDashboardBody } from './dto/dashboard.dto';

/**
 * Custom dashboards (docs/dashboards.md): members read their own and the shared ones (read keys: shared only),
 * analysts and admins create them, owners change theirs and admins any shared one; each member picks a default.
 */
@ApiTags('dashboards')
@ApiBearerAuth()
@Controller('v1/dashboards')
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService) {}

  @Get()
  @Access({ scope: 'read', role: 'viewer' })
  @ApiOperation({ summary: "The caller's own dashboards and the workspace's shared ones (read keys: shared only), by name" })
  list(@Req() req: AuthenticatedRequest): Promise<DashboardListResponse> {
    return this.dashboards.list(req.workspaceId, dashboardCallerOf(req));
  }

  @Get('default')
  @Access({ scope: 'read', role: 'viewer' })
  @ApiOperation({ summary: "The caller's default dashboard, else the workspace's oldest shared one, else 404" })
  getDefault(@Req() req: AuthenticatedRequest): Promise<DefaultDashboardResponse> {
    return this.dashboards.getDefault(req.workspaceId, dashboardCallerOf(req));
  }

  @Get(':id')
  @Access({ scope: 'read', role: 'viewer' })
  @ApiOperation({ summary: 'One dashboard the caller may see (another member\'s private dashboard is 404)' })
  get(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Dashboard> {
    return this.dashboards.get(req.workspaceId, parseDashboardInput(dashboardId, id, 'id'), dashboardCallerOf(req));
  }

  @Post()
  @Access({ role: 'analyst' })
  @ApiOperation({ summary: 'Creates a dashboard owned by the caller: { name, description?, shared?, widgets? | template? }' })
  create(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<Dashboard> {
    return this.dashboards.create(req.workspaceId, dashboardCallerOf(req), parseDashboardInput(createDashboardBody, body));
  }

  @Put(':id')
  @Access({ role: 'analyst' })
  @ApiOperation({ summary: 'Replaces a dashboard: { name, description?, shared, widgets, version }; a stale version is 409' })
  update(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Body() body: unknown): Promise<Dashboard> {
    const target = parseDashboardInput(dashboardId, id, 'id');
    return this.dashboards.update(req.workspaceId, target, dashboardCallerOf(req), parseDashboardInput(updateDashboardBody, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @Access({ role: 'analyst' })
  @ApiOperation({ summary: 'Deletes a dashboard (its owner, or an admin for a shared one)' })
  async remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    await this.dashboards.remove(req.workspaceId, parseDashboardInput(dashboardId, id, 'id'), dashboardCallerOf(req));
  }

  @Put(':id/default')
  @HttpCode(200)
  @Access({ role: 'viewer' })
  @ApiOperation({ summary: "Makes the dashboard the caller's default in this workspace" })
  setDefault(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<SetDefaultDashboardResponse> {
    return this.dashboards.setDefault(req.workspaceId, parseDashboardInput(dashboardId, id, 'id'), dashboardCallerOf(req));
  }

  @Delete(':id/default')
  @HttpCode(204)
  @Access({ role: 'viewer' })
  @ApiOperation({ summary: "Stops the dashboard being the caller's default" })
  async clearDefault(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    await this.dashboards.clearDefault(req.workspaceId, parseDashboardInput(dashboardId, id, 'id'), dashboardCallerOf(req));
  }
}
