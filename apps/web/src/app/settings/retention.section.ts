import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem } from '../http/api-error';
import { workspaceLoader } from '../http/workspace-loader';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import type { RetentionSetting } from './settings.types';

@Component({
  selector: 'app-retention-section',
  imports: [FormsModule, LoadingView, ProblemView],
  template: `
    <section class="card" aria-labelledby="ret-h" data-testid="retention">
      <h2 id="ret-h">Retention</h2>
      <p class="muted">How long raw events (and the contact data in them) are kept. Hourly and daily totals are kept for good.</p>
      @if (setting.problem(); as p) {
        <app-problem [problem]="p" feature="Retention" (retry)="setting.reload()" />
      } @else if (setting.data(); as s) {
        <p>Raw events are kept for <strong>{{ s.effectiveDays === 0 ? 'ever' : s.effectiveDays + ' days' }}</strong>
          {{ s.retentionDays === null ? '(the server default)' : '(set for this workspace)' }}.</p>
        <form class="row" (ngSubmit)="save()">
          <label>Days to keep (0 = forever, empty = default {{ s.defaultDays }})
            <input name="days" type="number" min="0" max="36500" [(ngModel)]="days" />
          </label>
          <button class="btn primary" type="submit">Save</button>
        </form>
        @if (message(); as m) { <p role="status" [class.error-text]="failed()">{{ m }}</p> }
      } @else {
        <app-loading />
      }
    </section>
  `,
  styles: `form { align-items: flex-end; }`,
})
export class RetentionSection {
  private readonly http = inject(HttpClient);
  protected days: number | null = null;
  protected readonly message = signal<string | null>(null);
  protected readonly failed = signal(false);
  protected readonly setting = workspaceLoader(async () => {
    const s = await firstValueFrom(this.http.get<RetentionSetting>('/v1/retention'));
    this.days = s.retentionDays;
    return s;
  });

  protected async save(): Promise<void> {
    const retentionDays = this.days === null || (this.days as unknown) === '' ? null : Number(this.days);
    try {
      await firstValueFrom(this.http.put('/v1/retention', { retentionDays }));
      this.failed.set(false);
      this.message.set('Saved.');
      await this.setting.reload();
    } catch (err) {
      this.failed.set(true);
      this.message.set(toApiProblem(err).message);
    }
  }
}
