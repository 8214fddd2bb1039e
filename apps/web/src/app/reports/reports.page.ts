import { Component } from '@angular/core';
import { ApiList } from '../ui/api-list';

@Component({
  selector: 'app-reports-page',
  imports: [ApiList],
  template: `
    <div class="page-head"><div><h1>Reports &amp; exports</h1><p>Scheduled PDF reports and CSV exports of your data.</p></div></div>
    <div class="stack">
      <app-api-list url="/v1/exports" title="Exports" emptyTitle="No exports yet" testId="exports">
        Exports of events and campaign figures are listed here with their download links.
      </app-api-list>
      <app-api-list url="/v1/reports" title="Scheduled reports" emptyTitle="No scheduled reports" testId="reports">
        Schedule a weekly report to have it mailed to your team.
      </app-api-list>
    </div>
  `,
})
export class ReportsPage {}
