import type { Dashboard, DashboardListResponse, DashboardWidget, DefaultDashboardResponse, SetDefaultDashboardResponse } from '@mailpulse/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { roleAtLeast } from '../workspaces/role';
import type { DashboardCaller } from './dashboard-caller';
import { DashboardErrorCode, DashboardException, dashboardNotFound } from './dashboard.exception';
import { type DashboardContent, type DashboardRecord, DashboardRepository } from './dashboard.repository';
import { DASHBOARD_TEMPLATE_WIDGETS } from './dashboard-templates';
import type { CreateDashboardBody, UpdateDashboardBody, WidgetInput } from './dto/dashboard.dto';

/**
 * Who may change a dashboard: its owner (analyst or admin), or an admin when it is shared. Everyone else who can
 * see it (viewers, other analysts, read keys) may only read it.
 */
function mayEdit(caller: DashboardCaller, d: DashboardRecord): boolean {
  if (!caller.userId || !caller.role || !roleAtLeast(caller.role, 'analyst')) return false;
  return d.ownerUserId === caller.userId || (d.shared && caller.role === 'admin');
}

function toDashboard(d: DashboardRecord, caller: DashboardCaller): Dashboard {
  return {
    id: d.id,
    name: d.name,
    ...(d.description ? { description: d.description } : {}),
    shared: d.shared,
    ownerUserId: d.ownerUserId,
    ...(caller.userId && d.ownerEmail ? { ownerName: d.ownerEmail } : {}),
    isDefault: caller.userId !== null && d.isViewersDefault,
    canEdit: mayEdit(caller, d),
    version: d.version,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    widgets: d.widgets,
  };
}

/** A widget as stored: an id for every widget (kept when the portal chose one), no empty filters. */
function toStoredWidget(w: WidgetInput): DashboardWidget {
  const { id, filters, ...rest } = w;
  const hasFilters = filters && Object.values(filters).some((v) => v !== undefined);
  return { id: id ?? randomUUID(), ...rest, ...(hasFilters ? { filters } : {}) };
}

/** Custom dashboards of one workspace: the caller's own and the shared ones, and each member's default. */
@Injectable()
export class DashboardsService {
  constructor(private readonly dashboards: DashboardRepository) {}

  async list(workspaceId: string, caller: DashboardCaller): Promise<DashboardListResponse> {
    const records = await this.dashboards.listVisible(workspaceId, caller.userId);
    const chosen = records.find((d) => d.isViewersDefault);
    return { dashboards: records.map((d) => toDashboard(d, caller)), defaultDashboardId: caller.userId && chosen ? chosen.id : null };
  }

  async get(workspaceId: string, id: string, caller: DashboardCaller): Promise<Dashboard> {
    return toDashboard(await this.visible(workspaceId, id, caller), caller);
  }

  /** The caller's chosen default; else the workspace's oldest shared dashboard; else 404. */
  async getDefault(workspaceId: string, caller: DashboardCaller): Promise<DefaultDashboardResponse> {
    const chosen = caller.userId ? await this.dashboards.findChosenDefault(workspaceId, caller.userId) : null;
    if (chosen) return { source: 'user', dashboard: toDashboard(chosen, caller) };
    const shared = await this.dashboards.findFirstShared(workspaceId, caller.userId);
    if (shared) return { source: 'workspace', dashboard: toDashboard(shared, caller) };
    throw new DashboardException(
      404,
      DashboardErrorCode.NotFound,
      'No default dashboard: none is chosen (PUT /v1/dashboards/:id/default) and the workspace has no shared dashboard',
    );
  }

  async create(workspaceId: string, caller: DashboardCaller, body: CreateDashboardBody): Promise<Dashboard> {
    const ownerUserId = this.member(caller);
    const widgets = body.template ? DASHBOARD_TEMPLATE_WIDGETS[body.template].map((w) => structuredClone(w)) : (body.widgets ?? []).map(toStoredWidget);
    const content: DashboardContent = { name: body.name, description: body.description, shared: body.shared, widgets };
    const id = await this.dashboards.create(workspaceId, ownerUserId, content, caller.actor, body.template ? { template: body.template } : {});
    return this.get(workspaceId, id, caller);
  }

  async update(workspaceId: string, id: string, caller: DashboardCaller, body: UpdateDashboardBody): Promise<Dashboard> {
    this.assertMayEdit(caller, await this.visible(workspaceId, id, caller));
    const content: DashboardContent = { name: body.name, description: body.description, shared: body.shared, widgets: body.widgets.map(toStoredWidget) };
    const result = await this.dashboards.update(workspaceId, id, body.version, content, caller.actor);
    switch (result.outcome) {
      case 'missing':
        throw dashboardNotFound();
      case 'stale':
        throw new DashboardException(
          409,
          DashboardErrorCode.VersionConflict,
          `version: the dashboard was saved meanwhile (it is at version ${result.currentVersion}, this change was made to version ${body.version}); reload it and apply the change again`,
          'version',
          { currentVersion: result.currentVersion },
        );
      case 'updated':
        return this.get(workspaceId, id, caller);
    }
  }

  async remove(workspaceId: string, id: string, caller: DashboardCaller): Promise<void> {
    this.assertMayEdit(caller, await this.visible(workspaceId, id, caller));
    if (!(await this.dashboards.remove(workspaceId, id, caller.actor))) throw dashboardNotFound();
  }

  async setDefault(workspaceId: string, id: string, caller: DashboardCaller): Promise<SetDefaultDashboardResponse> {
    const userId = this.member(caller);
    await this.visible(workspaceId, id, caller);
    if (!(await this.dashboards.setDefault(workspaceId, userId, id))) throw dashboardNotFound();
    return { defaultDashboardId: id };
  }

  /** Clears the caller's default when it is this dashboard (nothing to do when it is not). */
  async clearDefault(workspaceId: string, id: string, caller: DashboardCaller): Promise<void> {
    const userId = this.member(caller);
    await this.visible(workspaceId, id, caller);
    await this.dashboards.clearDefault(workspaceId, userId, id);
  }

  private async visible(workspaceId: string, id: string, caller: DashboardCaller): Promise<DashboardRecord> {
    const found = await this.dashboards.findVisible(workspaceId, id, caller.userId);
    if (!found) throw dashboardNotFound();
    return found;
  }

  private assertMayEdit(caller: DashboardCaller, d: DashboardRecord): void {
    if (mayEdit(caller, d)) return;
    throw new DashboardException(
      403,
      DashboardErrorCode.NotDashboardOwner,
      d.shared
        ? 'This dashboard belongs to another member: only its owner or an admin may change or delete it'
        : 'Only the owner of this dashboard may change or delete it',
    );
  }

  /** Routes that act for a member only (the access rule refuses API keys; this keeps the types honest). */
  private member(caller: DashboardCaller): string {
    if (!caller.userId) throw new DashboardException(403, DashboardErrorCode.NotDashboardOwner, 'Dashboards are created and chosen as default by signed-in members, not API keys');
    return caller.userId;
  }
}
