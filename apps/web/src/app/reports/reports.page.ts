import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../http/api-error';
import { workspaceLoader } from '../http/workspace-loader';
import { ApiList } from '../ui/api-list';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import { downloadName, ExportDescription, exportParams, exportSummary, exportUrl } from './export-download';

const day = (d: Date) => d.toISOString().slice(0, 10);

@Component({
  selector: 'app-reports-page',
  imports: [FormsModule, ApiList, LoadingView, ProblemView, EmptyView],
  template: `
    <div class="page-head"><div><h1>Reports &amp; exports</h1><p>CSV exports of your data, and scheduled reports.</p></div></div>
    <div class="stack">
      <section class="card" aria-labelledby="exp-h" data-testid="exports">
        <h2 id="exp-h">Exports</h2>
        <div class="row period">
          <label>From <input type="date" [(ngModel)]="from" name="from" /></label>
          <label>To <input type="date" [(ngModel)]="to" name="to" /></label>
          <span class="muted">Applies to the exports that take a period.</span>
        </div>
        @if (exports.problem(); as p) {
          <app-problem [problem]="p" feature="Exports" (retry)="exports.reload()" />
        } @else if (exports.data(); as list) {
          @if (list.length === 0) {
            <app-empty title="No exports offered">This server lists no exports.</app-empty>
          } @else {
            <ul class="exports">
              @for (e of list; track e.path) {
                <li>
                  <div><strong>{{ e.name }}</strong><br /><span class="muted">{{ summary(e.description) }}{{ takesPeriod(e) ? '' : ' (all time)' }}</span></div>
                  <button class="btn" type="button" (click)="download(e)" [disabled]="busy() === e.path">{{ busy() === e.path ? 'Preparing…' : 'Download CSV' }}</button>
                </li>
              }
            </ul>
          }
          @if (downloadError(); as d) { <p class="error-text" role="alert">{{ d }}</p> }
        } @else {
          <app-loading />
        }
      </section>
      <section class="card" aria-labelledby="pdf-h" data-testid="pdf-summary">
        <h2 id="pdf-h">PDF summary</h2>
        <p class="muted">Key figures, engagement and rate charts, campaigns, anomalies, alerts and recommendations for the period above, as a PDF to keep or forward.</p>
        <button class="btn" type="button" (click)="downloadSummaryPdf()" [disabled]="busy() === summaryPdfPath">{{ busy() === summaryPdfPath ? 'Preparing…' : 'Download PDF summary' }}</button>
        @if (pdfError(); as d) { <p class="error-text" role="alert">{{ d }}</p> }
      </section>
      <app-api-list url="/v1/reports" title="Scheduled reports" emptyTitle="No scheduled reports" testId="reports">
        Schedule a weekly PDF report to have it mailed to your team.
      </app-api-list>
    </div>
  `,
  styles: `
    .period { align-items: flex-end; margin-bottom: 12px; }
    .exports { list-style: none; margin: 0; padding: 0; }
    .exports li { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 10px 0; border-bottom: 1px solid var(--border); flex-wrap: wrap; }
    .exports li:last-child { border-bottom: 0; }
  `,
})
export class ReportsPage {
  private readonly http = inject(HttpClient);
  protected from = day(new Date(Date.now() - 30 * 86_400_000));
  protected to = day(new Date(Date.now() + 86_400_000));
  protected readonly busy = signal<string | null>(null);
  protected readonly downloadError = signal<string | null>(null);
  protected readonly pdfError = signal<string | null>(null);
  protected readonly summaryPdfPath = '/v1/reports/summary.pdf';
  protected readonly summary = exportSummary;
  protected readonly exports = workspaceLoader(async () => (await firstValueFrom(this.http.get<{ exports: ExportDescription[] }>('/v1/exports'))).exports);

  protected takesPeriod(e: ExportDescription): boolean {
    return exportParams(e.description).includes('from');
  }

  protected download(e: ExportDescription): Promise<void> {
    this.downloadError.set(null);
    return this.save(e.path, exportUrl(e, { from: this.from, to: this.to }), (message) => this.downloadError.set(`${e.name}: ${message}`));
  }

  protected downloadSummaryPdf(): Promise<void> {
    this.pdfError.set(null);
    const query = new URLSearchParams({ from: this.from, to: this.to });
    return this.save(this.summaryPdfPath, `${this.summaryPdfPath}?${query}`, (message) => this.pdfError.set(message));
  }

  /** Fetched with the session and workspace header (a plain link could not send the header), then saved. */
  private async save(path: string, url: string, onError: (message: string) => void): Promise<void> {
    this.busy.set(path);
    try {
      const res = await firstValueFrom(this.http.get(url, { responseType: 'blob', observe: 'response' }));
      const href = URL.createObjectURL(res.body ?? new Blob());
      const a = document.createElement('a');
      a.href = href;
      a.download = downloadName(res.headers.get('content-disposition'), path);
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (err) {
      onError(toApiProblem(err).message);
    } finally {
      this.busy.set(null);
    }
  }
}
