import { Component, computed, effect, inject, OnDestroy, OnInit, signal, untracked } from '@angular/core';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { HealthReport, HealthService } from '../health/health.service';
import { LiveStream } from '../live/live-stream';
import { SessionStore } from '../session/session.store';
import { NAV_ITEMS } from './nav-items';
import { ThemeService } from './theme.service';

/** The signed-in frame: top bar (workspace, live status, theme, sign-out), navigation, and the page. */
@Component({
  selector: 'app-layout',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  templateUrl: './layout.html',
  styleUrl: './layout.css',
})
export class Layout implements OnInit, OnDestroy {
  protected readonly session = inject(SessionStore);
  protected readonly theme = inject(ThemeService);
  protected readonly live = inject(LiveStream);
  private readonly healthService = inject(HealthService);
  private readonly router = inject(Router);
  protected readonly nav = NAV_ITEMS;
  protected readonly menuOpen = signal(false);
  protected readonly health = signal<HealthReport | null>(null);
  protected readonly liveLabel = computed(() => {
    switch (this.live.status()) {
      case 'live':
        return 'Live';
      case 'connecting':
        return 'Connecting…';
      case 'lost':
        return 'Reconnecting…';
      case 'refused':
        return 'Live off';
      case 'off':
        return 'Offline';
    }
  });

  private healthTimer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    // While the live connection is lost, ask the server's health every few seconds so the badge does not claim
    // "ready" for a server that is gone; once it is back, one more check settles the badge.
    effect(() => {
      const lost = this.live.status() === 'lost';
      untracked(() => {
        if (lost && !this.healthTimer) this.healthTimer = setInterval(() => this.checkHealth(), 5000);
        if (!lost && this.healthTimer) {
          clearInterval(this.healthTimer);
          this.healthTimer = null;
          this.checkHealth();
        }
      });
    });
    this.router.events
      .pipe(
        filter((e) => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.menuOpen.set(false));
  }

  ngOnInit(): void {
    this.live.start();
    this.checkHealth();
  }

  ngOnDestroy(): void {
    if (this.healthTimer) clearInterval(this.healthTimer);
  }

  private checkHealth(): void {
    void this.healthService.check().then((r) => this.health.set(r));
  }

  protected switchWorkspace(id: string): void {
    this.session.selectWorkspace(id);
  }

  protected async signOut(): Promise<void> {
    this.live.stop();
    await this.session.signOut().catch(() => undefined);
    await this.router.navigate(['/sign-in']);
  }
}
