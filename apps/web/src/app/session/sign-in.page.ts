import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router } from '@angular/router';
import { toApiProblem } from '../http/api-error';
import { SessionStore } from './session.store';

/** Only same-portal paths are followed after sign-in, never another site. */
export function safeNextPath(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/overview';
}

@Component({
  selector: 'app-sign-in-page',
  imports: [FormsModule],
  templateUrl: './sign-in.page.html',
  styleUrl: './sign-in.page.css',
})
export class SignInPage {
  private readonly session = inject(SessionStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  protected email = '';
  protected password = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);

  protected async submit(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.session.signIn(this.email, this.password);
      await this.router.navigateByUrl(safeNextPath(this.route.snapshot.queryParamMap.get('next')));
    } catch (err) {
      const problem = toApiProblem(err);
      this.error.set(problem.status === 429 ? `${problem.message} Wait a moment before trying again.` : problem.message);
    } finally {
      this.busy.set(false);
    }
  }
}
