import { Component } from '@angular/core';
import { ApiList } from '../ui/api-list';

@Component({
  selector: 'app-predictions-page',
  imports: [ApiList],
  template: `
    <div class="page-head"><div><h1>Predictions &amp; recommendations</h1><p>Forecasts from your own history, and what to do next.</p></div></div>
    <div class="stack">
      <app-api-list url="/v1/recommendations" title="Recommendations" emptyTitle="No recommendations yet" testId="recommendations">
        Recommendations (best send time, contacts to re-engage, domains to watch) appear once a few campaigns have been sent.
      </app-api-list>
      <app-api-list url="/v1/predictions" title="Predictions" emptyTitle="No predictions yet" testId="predictions">
        Predictions are made by the nightly jobs once enough history is stored.
      </app-api-list>
      <app-api-list url="/v1/jobs/runs" title="Model and ETL jobs" emptyTitle="No job has run yet" testId="jobs">
        Jobs run on their schedule; the first runs appear here.
      </app-api-list>
    </div>
  `,
})
export class PredictionsPage {}
