import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { DateTimePipe } from '../format/format.pipes';
import { toApiProblem } from '../http/api-error';
import { workspaceLoader } from '../http/workspace-loader';
import { EmptyView } from '../ui/empty';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import type { ApiKeySummary, CreatedApiKey } from './settings.types';

@Component({
  selector: 'app-api-keys-section',
  imports: [FormsModule, DateTimePipe, LoadingView, ProblemView, EmptyView],
  template: `
    <section class="card" aria-labelledby="keys-h" data-testid="api-keys">
      <h2 id="keys-h">API keys</h2>
      <p class="muted">Ingest keys send events; read keys read figures. A key is shown once, when it is created.</p>
      <form class="row create" (ngSubmit)="create()">
        <label>Name <input name="name" [(ngModel)]="name" required maxlength="200" placeholder="ESP relay" /></label>
        <label>Scope
          <select name="scope" [(ngModel)]="scope"><option value="ingest">ingest</option><option value="read">read</option></select>
        </label>
        <button class="btn primary" type="submit" [disabled]="!name.trim()">Create key</button>
      </form>
      @if (created(); as c) {
        <div class="created" role="status">
          <strong>Copy this key now — it is not shown again:</strong>
          <pre data-testid="new-key">{{ c.key }}</pre>
        </div>
      }
      @if (actionError(); as e) { <p class="error-text" role="alert">{{ e }}</p> }
      @if (keys.problem(); as p) {
        <app-problem [problem]="p" feature="API keys" (retry)="keys.reload()" />
      } @else if (keys.data(); as list) {
          @if (list.length === 0) {
            <app-empty title="No API keys yet">Create an ingest key above to send your first events.</app-empty>
          } @else {
            <div class="table-wrap"><table>
              <thead><tr><th>Name</th><th>Scope</th><th>Key</th><th>Created</th><th>Status</th><th><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>
                @for (k of list; track k.id) {
                  <tr>
                    <td>{{ k.name }}</td>
                    <td><span class="pill" [class.info]="k.scope === 'ingest'">{{ k.scope }}</span></td>
                    <td><code>{{ k.prefix }}…</code></td>
                    <td>{{ k.createdAt | dateTime }}<br /><span class="muted">{{ k.createdBy?.email ?? 'system' }}</span></td>
                    <td>@if (k.revokedAt) { <span class="pill bad">revoked</span> } @else { <span class="pill ok">active</span> }</td>
                    <td>@if (!k.revokedAt) { <button class="btn danger" type="button" (click)="revoke(k)">Revoke</button> }</td>
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
  styles: `.create { align-items: flex-end; margin: 12px 0; } .created { margin-bottom: 12px; } pre { white-space: pre-wrap; word-break: break-all; }`,
})
export class ApiKeysSection {
  private readonly http = inject(HttpClient);
  protected name = '';
  protected scope: 'ingest' | 'read' = 'ingest';
  protected readonly created = signal<CreatedApiKey | null>(null);
  protected readonly actionError = signal<string | null>(null);
  protected readonly keys = workspaceLoader(async () => (await firstValueFrom(this.http.get<{ apiKeys: ApiKeySummary[] }>('/v1/api-keys'))).apiKeys);

  protected async create(): Promise<void> {
    this.actionError.set(null);
    try {
      this.created.set(await firstValueFrom(this.http.post<CreatedApiKey>('/v1/api-keys', { name: this.name.trim(), scope: this.scope })));
      this.name = '';
      await this.keys.reload();
    } catch (err) {
      this.actionError.set(toApiProblem(err).message);
    }
  }

  protected async revoke(key: ApiKeySummary): Promise<void> {
    if (!confirm(`Revoke "${key.name}"? Senders using it are refused from then on.`)) return;
    this.actionError.set(null);
    try {
      await firstValueFrom(this.http.delete(`/v1/api-keys/${key.id}`));
      await this.keys.reload();
    } catch (err) {
      this.actionError.set(toApiProblem(err).message);
    }
  }
}
