import { Component, inject, OnInit, signal } from '@angular/core';
import { HealthService, HealthReport } from './health/health.service';

/** The portal shell: brand bar, service status and the first steps for a new workspace. */
@Component({
  selector: 'app-root',
  templateUrl: './app.html',
  styleUrl: './app.css',
})
export class App implements OnInit {
  private readonly health = inject(HealthService);
  protected readonly status = signal<HealthReport | null>(null);
  protected readonly origin = typeof location === 'undefined' ? 'http://localhost:3000' : location.origin;

  ngOnInit(): void {
    void this.health.check().then((report) => this.status.set(report));
  }
}
