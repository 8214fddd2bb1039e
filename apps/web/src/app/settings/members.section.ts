import { HttpClient } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { DateTimePipe } from '../format/format.pipes';
import { toApiProblem } from '../http/api-error';
import { workspaceLoader } from '../http/workspace-loader';
import { SessionStore } from '../session/session.store';
import type { Role } from '../session/session.types';
import { LoadingView } from '../ui/loading';
import { ProblemView } from '../ui/problem';
import type { Member } from './settings.types';

@Component({
  selector: 'app-members-section',
  imports: [FormsModule, DateTimePipe, LoadingView, ProblemView],
  template: `
    <section class="card" aria-labelledby="members-h" data-testid="members">
      <h2 id="members-h">Users and roles</h2>
      <p class="muted">Viewers read; analysts also send events; admins also manage keys, members and settings.</p>
      <form class="row create" (ngSubmit)="add()">
        <label>Email <input name="email" type="email" [(ngModel)]="email" required placeholder="bo@example.com" /></label>
        <label>Role <select name="role" [(ngModel)]="role">@for (r of roles; track r) { <option [value]="r">{{ r }}</option> }</select></label>
        <button class="btn primary" type="submit" [disabled]="!email.trim()">Add member</button>
      </form>
      <p class="muted small">The person needs a Mailpulse user first: <code>npm run mailpulse -- user:create --email …</code></p>
      @if (actionError(); as e) { <p class="error-text" role="alert">{{ e }}</p> }
      @if (members.problem(); as p) {
        <app-problem [problem]="p" feature="Members" (retry)="members.reload()" />
      } @else if (members.data(); as list) {
        <div class="table-wrap"><table>
          <thead><tr><th>User</th><th>Role</th><th>Since</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            @for (m of list; track m.userId) {
              <tr>
                <td>{{ m.email }} @if (m.userId === session.user()?.id) { <span class="pill">you</span> }</td>
                <td>
                  <label class="inline"><span class="sr-only">Role of {{ m.email }}</span>
                    <select [value]="m.role" (change)="changeRole(m, $any($event.target).value)">
                      @for (r of roles; track r) { <option [value]="r" [selected]="r === m.role">{{ r }}</option> }
                    </select>
                  </label>
                </td>
                <td>{{ m.createdAt | dateTime }}</td>
                <td><button class="btn danger" type="button" (click)="remove(m)">Remove</button></td>
              </tr>
            }
          </tbody>
        </table></div>
      } @else {
        <app-loading />
      }
    </section>
  `,
  styles: `.create { align-items: flex-end; margin: 12px 0 4px; } .small { font-size: 12.5px; } .inline { display: inline; }`,
})
export class MembersSection {
  private readonly http = inject(HttpClient);
  protected readonly session = inject(SessionStore);
  protected readonly roles: Role[] = ['viewer', 'analyst', 'admin'];
  protected email = '';
  protected role: Role = 'viewer';
  protected readonly actionError = signal<string | null>(null);
  protected readonly members = workspaceLoader(async () => (await firstValueFrom(this.http.get<{ members: Member[] }>('/v1/members'))).members);

  protected async add(): Promise<void> {
    await this.act(() => firstValueFrom(this.http.post('/v1/members', { email: this.email.trim(), role: this.role })));
    if (!this.actionError()) this.email = '';
  }

  protected changeRole(m: Member, role: Role): Promise<void> {
    return this.act(() => firstValueFrom(this.http.patch(`/v1/members/${m.userId}`, { role })));
  }

  protected async remove(m: Member): Promise<void> {
    if (!confirm(`Remove ${m.email} from this workspace?`)) return;
    await this.act(() => firstValueFrom(this.http.delete(`/v1/members/${m.userId}`)));
  }

  private async act(call: () => Promise<unknown>): Promise<void> {
    this.actionError.set(null);
    try {
      await call();
    } catch (err) {
      this.actionError.set(toApiProblem(err).message);
    }
    await this.members.reload();
  }
}
