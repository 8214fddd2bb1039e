import { HttpClient } from '@angular/common/http';
import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { ContactJourneyResponse, LifecycleResponse } from '@mailpulse/contracts';
import type { EChartsCoreOption } from 'echarts/core';
import { firstValueFrom } from 'rxjs';
import { CountPipe, DateTimePipe } from '../format/format.pipes';
import { createLoader } from '../http/load-state';
import { workspaceLoader } from '../http/workspace-loader';
import { Chart } from '../ui/chart';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';

/** An address searches by email, anything else by the sender's own contact id. */
export function journeyQuery(term: string): { email: string } | { externalId: string } | null {
  const t = term.trim();
  if (!t) return null;
  return t.includes('@') ? { email: t } : { externalId: t };
}

@Component({
  selector: 'app-contacts-page',
  imports: [FormsModule, RouterLink, CountPipe, DateTimePipe, Chart, LoadingView, ProblemView, EmptyView],
  templateUrl: './contacts.page.html',
  styles: `
    form { align-items: flex-end; margin-bottom: 12px; }
    form label { flex: 1; min-width: 200px; }
    .facts { display: flex; gap: 16px; flex-wrap: wrap; margin-bottom: 8px; }
    .journey { list-style: none; margin: 0; padding: 0 0 0 14px; border-left: 2px solid var(--border); }
    .journey li { position: relative; padding: 6px 0 6px 8px; display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: baseline; }
    .journey li::before { content: ''; position: absolute; left: -20px; top: 12px; width: 10px; height: 10px; border-radius: 50%; background: var(--accent); }
    .journey time { color: var(--text-muted); font-size: 12.5px; }
  `,
})
export class ContactsPage {
  private readonly http = inject(HttpClient);
  protected term = '';
  protected readonly searched = signal<string | null>(null);
  protected readonly journey = createLoader(() => {
    const q = journeyQuery(this.searched() ?? '');
    return firstValueFrom(this.http.get<ContactJourneyResponse>('/v1/contacts/journey', { params: { ...q, limit: 500 } }));
  }, { immediate: false });
  protected readonly lifecycle = workspaceLoader(() => {
    const to = new Date();
    const from = new Date(to.getTime() - 29 * 86_400_000);
    return firstValueFrom(this.http.get<LifecycleResponse>('/v1/contacts/lifecycle', { params: { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) } }));
  });
  protected readonly lifecycleChart = computed<EChartsCoreOption | null>(() => {
    const l = this.lifecycle.data();
    if (!l || l.days.every((d) => d.new + d.activated + d.active + d.inactive === 0)) return null;
    const days = l.days.map((d) => d.day);
    return {
      legend: {},
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: 'Active', type: 'line', data: l.days.map((d) => d.active), showSymbol: false, areaStyle: { opacity: 0.12 } },
        { name: 'Inactive', type: 'line', data: l.days.map((d) => d.inactive), showSymbol: false },
        { name: 'New', type: 'bar', data: l.days.map((d) => d.new), barMaxWidth: 10 },
        { name: 'Activated', type: 'bar', data: l.days.map((d) => d.activated), barMaxWidth: 10 },
      ],
    };
  });
  protected readonly lifecycleTotals = computed(() => {
    const l = this.lifecycle.data();
    if (!l || l.days.length === 0) return null;
    const last = l.days[l.days.length - 1];
    return { new: l.days.reduce((s, d) => s + d.new, 0), activated: l.days.reduce((s, d) => s + d.activated, 0), active: last.active, inactive: last.inactive };
  });

  protected search(): void {
    if (!journeyQuery(this.term)) return;
    this.searched.set(this.term.trim());
    void this.journey.reload();
  }
}
