import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import type { Dashboard, DashboardTemplate } from '@mailpulse/contracts';
import { DateTimePipe } from '../format/format.pipes';
import { toApiProblem } from '../http/api-error';
import { workspaceLoader } from '../http/workspace-loader';
import { SessionStore } from '../session/session.store';
import { roleAtLeast } from '../session/session.types';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { GRID } from './dashboard-vocabulary';
import { DashboardsClient } from './dashboards.client';

type Start = 'blank' | DashboardTemplate;

const STARTS: Array<{ id: Start; label: string; detail: string }> = [
  { id: 'blank', label: 'Blank', detail: 'An empty grid to add widgets to' },
  { id: 'deliverability', label: 'Deliverability', detail: 'Delivery, bounce, complaint and unsubscribe rates, bounces over time, anomalies, recipient domains' },
  { id: 'engagement', label: 'Engagement', detail: 'Human opens and clicks, open and click rates, opens over time, the live feed, the latest funnel and top links' },
];

/** `/dashboards`: the member's own dashboards and the shared ones, which is their default, and a new one from blank or a template. */
@Component({
  selector: 'app-dashboards-page',
  imports: [FormsModule, RouterLink, DateTimePipe, EmptyView, LoadingView, ProblemView],
  templateUrl: './dashboards.page.html',
  styleUrl: './dashboards.page.css',
})
export class DashboardsPage {
  private readonly client = inject(DashboardsClient);
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  protected readonly starts = STARTS;
  protected readonly nameMax = GRID.nameMaxLength;
  protected readonly list = workspaceLoader(() => this.client.list());
  /** Analysts and admins create dashboards; viewers read them. */
  protected readonly canCreate = computed(() => roleAtLeast(this.session.workspace()?.role, 'analyst'));

  protected newName = '';
  protected newStart: Start = 'blank';
  protected newShared = false;
  protected readonly creating = signal(false);
  protected readonly createError = signal<{ field?: string; message: string } | null>(null);
  protected readonly confirmingDelete = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly rowMessage = signal<{ id: string; text: string } | null>(null);

  protected startDetail(): string {
    return STARTS.find((s) => s.id === this.newStart)?.detail ?? '';
  }

  protected async create(): Promise<void> {
    if (this.creating()) return;
    const start = STARTS.find((s) => s.id === this.newStart)!;
    const name = this.newName.trim() || (start.id === 'blank' ? 'Untitled dashboard' : start.label);
    this.creating.set(true);
    this.createError.set(null);
    try {
      const created = await this.client.create({ name, shared: this.newShared, ...(start.id === 'blank' ? {} : { template: start.id }) });
      // A blank dashboard opens ready to add widgets; a template's opens to look at.
      await this.router.navigate(['/dashboards', created.id], start.id === 'blank' ? { queryParams: { edit: 1 } } : {});
    } catch (err) {
      const p = toApiProblem(err);
      this.createError.set({ field: p.field, message: p.message });
    } finally {
      this.creating.set(false);
    }
  }

  protected async remove(d: Dashboard): Promise<void> {
    this.busy.set(d.id);
    try {
      await this.client.remove(d.id);
      this.confirmingDelete.set(null);
      await this.list.reload();
    } catch (err) {
      this.rowMessage.set({ id: d.id, text: toApiProblem(err).message });
    } finally {
      this.busy.set(null);
    }
  }

  protected async toggleDefault(d: Dashboard): Promise<void> {
    this.busy.set(d.id);
    try {
      if (d.isDefault) await this.client.clearDefault(d.id);
      else await this.client.setDefault(d.id);
      await this.list.reload();
    } catch (err) {
      this.rowMessage.set({ id: d.id, text: toApiProblem(err).message });
    } finally {
      this.busy.set(null);
    }
  }
}
