import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { CountPipe, RatePipe } from '../format/format.pipes';
import { ApiProblem, toApiProblem } from '../http/api-error';
import { workspaceLoader } from '../http/workspace-loader';
import { ApiList } from '../ui/api-list';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { byPriority, CampaignPrediction, predictionSource, rateLabel, Recommendation } from './prediction.types';

/** The next full hour, as the value of a datetime-local input. */
function nextHourLocal(now = new Date()): string {
  const d = new Date(now.getTime() + 3_600_000);
  d.setMinutes(0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
}

@Component({
  selector: 'app-predictions-page',
  imports: [FormsModule, ApiList, RatePipe, CountPipe, LoadingView, ProblemView, EmptyView],
  templateUrl: './predictions.page.html',
  styles: `
    .recs { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 10px; }
    .recs li { display: flex; gap: 10px; align-items: baseline; }
    form { align-items: flex-end; margin-bottom: 12px; }
    form label:first-child { flex: 1; min-width: 200px; }
  `,
})
export class PredictionsPage {
  private readonly http = inject(HttpClient);
  protected readonly rateLabel = rateLabel;
  protected readonly source = predictionSource;
  protected subject = '';
  protected sendAt = nextHourLocal();
  protected readonly predicting = signal(false);
  protected readonly prediction = signal<CampaignPrediction | null>(null);
  protected readonly predictionProblem = signal<ApiProblem | null>(null);
  protected readonly recommendations = workspaceLoader(async () => byPriority((await firstValueFrom(this.http.get<{ recommendations: Recommendation[] }>('/v1/recommendations'))).recommendations));

  protected rateKeys(p: CampaignPrediction): string[] {
    return Object.keys(p.predicted);
  }

  protected async predict(): Promise<void> {
    if (!this.subject.trim()) return;
    this.predicting.set(true);
    this.predictionProblem.set(null);
    try {
      const body = { subject: this.subject.trim(), sendAt: new Date(this.sendAt).toISOString() };
      this.prediction.set(await firstValueFrom(this.http.post<CampaignPrediction>('/v1/predictions/campaign', body)));
    } catch (err) {
      this.prediction.set(null);
      this.predictionProblem.set(toApiProblem(err));
    } finally {
      this.predicting.set(false);
    }
  }
}
