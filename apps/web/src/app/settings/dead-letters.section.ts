import { HttpClient } from '@angular/common/http';
import { Component, inject } from '@angular/core';
import type { DeadLetterResponse } from '@mailpulse/contracts';
import { firstValueFrom } from 'rxjs';
import { DateTimePipe } from '../format/format.pipes';
import { workspaceLoader } from '../http/workspace-loader';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';

/** Events the API refused (dead letters), with the reason naming the field, so a sender can fix its payloads. */
@Component({
  selector: 'app-dead-letters-section',
  imports: [DateTimePipe, LoadingView, ProblemView, EmptyView],
  template: `
    <section class="card" aria-labelledby="dl-h" data-testid="dead-letters">
      <h2 id="dl-h">Rejected events</h2>
      @if (letters.problem(); as p) {
        <app-problem [problem]="p" feature="Rejected events" (retry)="letters.reload()" />
      } @else if (letters.data(); as list) {
        @if (list.length === 0) {
          <app-empty title="No rejected events">Every event sent to this workspace was valid.</app-empty>
        } @else {
          <div class="table-wrap"><table>
            <thead><tr><th>When</th><th>Source</th><th>Field</th><th>Reason</th></tr></thead>
            <tbody>
              @for (d of list; track d.id) {
                <tr><td class="nowrap">{{ d.receivedAt | dateTime }}</td><td>{{ d.source }}</td><td><code>{{ d.field ?? '—' }}</code></td><td>{{ d.reason }}</td></tr>
              }
            </tbody>
          </table></div>
        }
      } @else {
        <app-loading />
      }
    </section>
  `,
  styles: `.nowrap { white-space: nowrap; }`,
})
export class DeadLettersSection {
  private readonly http = inject(HttpClient);
  protected readonly letters = workspaceLoader(async () => (await firstValueFrom(this.http.get<DeadLetterResponse>('/v1/dead-letters', { params: { limit: 20 } }))).items);
}
