import { Injectable } from '@angular/core';
import type { HealthResponse } from '@mailpulse/contracts';

export interface HealthReport {
  ok: boolean;
  summary: string;
}

/** Reads the API's readiness probe and turns it into one line for the status badge. */
@Injectable({ providedIn: 'root' })
export class HealthService {
  async check(fetchFn: typeof fetch = fetch): Promise<HealthReport> {
    try {
      const res = await fetchFn('/health');
      const body = (await res.json()) as HealthResponse;
      if (res.ok) return { ok: true, summary: 'All systems ready' };
      const failing = Object.entries(body.checks)
        .filter(([, c]) => !c.ok)
        .map(([name, c]) => `${name}: ${c.reason ?? 'down'}`);
      return { ok: false, summary: failing.join('; ') || 'Not ready' };
    } catch {
      return { ok: false, summary: 'API unreachable' };
    }
  }
}
