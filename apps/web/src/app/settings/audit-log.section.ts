import { HttpClient } from '@angular/common/http';
import { Component, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { DateTimePipe } from '../format/format.pipes';
import { workspaceLoader } from '../http/workspace-loader';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import type { AuditEntry } from './settings.types';

/** Lists are summed up by their length (their items are in the target's own page); objects stay short JSON. */
function detailValue(v: unknown): string {
  if (Array.isArray(v)) return String(v.length);
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** "member.role_change" → "Member role change"; details as "from: viewer, to: analyst". */
export function describeAudit(entry: AuditEntry): { action: string; details: string } {
  const action = entry.action.replace(/[._]/g, ' ');
  const details = Object.entries(entry.details)
    .map(([k, v]) => `${k}: ${detailValue(v)}`)
    .join(', ');
  return { action: action.charAt(0).toUpperCase() + action.slice(1), details };
}

@Component({
  selector: 'app-audit-log-section',
  imports: [DateTimePipe, LoadingView, ProblemView, EmptyView],
  template: `
    <section class="card" aria-labelledby="audit-h" data-testid="audit-log">
      <h2 id="audit-h">Audit log</h2>
      @if (entries.problem(); as p) {
        <app-problem [problem]="p" feature="The audit log" (retry)="entries.reload()" />
      } @else if (entries.data(); as list) {
        @if (list.length === 0) {
          <app-empty title="Nothing changed yet">Changes to keys, members and settings are listed here.</app-empty>
        } @else {
          <div class="table-wrap"><table>
            <thead><tr><th>When</th><th>What</th><th>Who</th><th>Target</th><th>Details</th></tr></thead>
            <tbody>
              @for (e of list; track e.id) {
                <tr>
                  <td class="nowrap">{{ e.at | dateTime }}</td>
                  <td>{{ describe(e).action }}</td>
                  <td><code>{{ e.actor }}</code></td>
                  <td><code>{{ e.target ?? '—' }}</code></td>
                  <td class="muted">{{ describe(e).details || '—' }}</td>
                </tr>
              }
            </tbody>
          </table></div>
        }
      } @else {
        <app-loading />
      }
    </section>
  `,
  styles: `.nowrap { white-space: nowrap; } code { word-break: break-all; }`,
})
export class AuditLogSection {
  private readonly http = inject(HttpClient);
  protected readonly describe = describeAudit;
  protected readonly entries = workspaceLoader(async () => (await firstValueFrom(this.http.get<{ entries: AuditEntry[] }>('/v1/audit-log?limit=50'))).entries);
}
