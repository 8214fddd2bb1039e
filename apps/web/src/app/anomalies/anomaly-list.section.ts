import { HttpClient } from '@angular/common/http';
import { Component, inject } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { DateTimePipe } from '../format/format.pipes';
import { formatCount, formatRate } from '../format/locale-format';
import { workspaceLoader } from '../http/workspace-loader';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { anomalyDirection, anomalyMetric, AnomalyRecord } from './anomaly.types';

/** Anomalies the detector found, newest first, each against the band it expected. */
@Component({
  selector: 'app-anomaly-list-section',
  imports: [DateTimePipe, LoadingView, ProblemView, EmptyView],
  template: `
    <section class="card" aria-labelledby="anom-h" data-testid="anomalies">
      <h2 id="anom-h">Anomalies</h2>
      @if (list.problem(); as p) {
        <app-problem [problem]="p" feature="Anomaly detection" (retry)="list.reload()" />
      } @else if (list.data(); as rows) {
        @if (rows.length === 0) {
          <app-empty title="No anomalies found">Each hour's volume, bounce, complaint, open and deferral rates are compared with their usual level once there are a few days of events.</app-empty>
        } @else {
          <div class="table-wrap"><table>
            <thead><tr><th>When</th><th>What</th><th>Where</th><th class="num">Observed</th><th class="num">Expected</th><th>Severity</th></tr></thead>
            <tbody>
              @for (a of rows; track a.id) {
                <tr>
                  <td class="nowrap">{{ a.bucketStart | dateTime }}</td>
                  <td>{{ metric(a.metric).label }} {{ direction(a) }}</td>
                  <td>{{ a.recipientDomain || 'all domains' }}</td>
                  <td class="num">{{ value(a, a.observed) }}</td>
                  <td class="num muted">{{ value(a, a.lower) }} – {{ value(a, a.upper) }}</td>
                  <td><span class="pill" [class.bad]="a.severity === 'critical'" [class.warn]="a.severity === 'warning'">{{ a.severity }}</span></td>
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
  styles: `.nowrap { white-space: nowrap; }`,
})
export class AnomalyListSection {
  private readonly http = inject(HttpClient);
  protected readonly metric = anomalyMetric;
  protected readonly list = workspaceLoader(async () => {
    // The latest 200, newest first (however many the workspace has).
    const body = await firstValueFrom(this.http.get<{ anomalies: AnomalyRecord[] }>('/v1/anomalies', { params: { limit: 200, order: 'desc' } }));
    return body.anomalies;
  });

  protected direction(a: AnomalyRecord): string {
    const d = anomalyDirection(a);
    return d === 'inside' ? '' : d === 'above' ? 'spiked' : 'dropped';
  }

  protected value(a: AnomalyRecord, v: number): string {
    return anomalyMetric(a.metric).rate ? formatRate(v) : formatCount(v);
  }
}
