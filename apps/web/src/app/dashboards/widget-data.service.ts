import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CampaignDetailResponse,
  CampaignListResponse,
  DeliverabilityResponse,
  EventExplorerResponse,
  TimeBucket,
  TimeSeriesMetric,
  TimeSeriesResponse,
  VerdictVariant,
  WidgetFilters,
} from '@mailpulse/contracts';
import { firstValueFrom } from 'rxjs';
import type { AnomalyRecord } from '../anomalies/anomaly.types';
import { SessionStore } from '../session/session.store';
import { timeseriesParams } from './widget-figures';

/** Widgets that open together and read the same thing (the latest campaign, the anomaly list) share one request. */
const SHARE_MS = 5_000;

/** A campaign's analytics as a widget shows them, and whether it was the filter's campaign or the latest one. */
export interface WidgetCampaign {
  detail: CampaignDetailResponse;
  latest: boolean;
}

/** The analytics reads behind the dashboard widgets (the routes the contract names for each kind). */
@Injectable({ providedIn: 'root' })
export class WidgetDataService {
  private readonly http = inject(HttpClient);
  private readonly session = inject(SessionStore);
  private readonly shared = new Map<string, { at: number; answer: Promise<unknown> }>();

  series(metric: TimeSeriesMetric, window: { from: string; to: string; bucket: TimeBucket }, verdict: VerdictVariant, filters?: WidgetFilters): Promise<TimeSeriesResponse> {
    return firstValueFrom(this.http.get<TimeSeriesResponse>('/v1/timeseries', { params: timeseriesParams(metric, window, verdict, filters) }));
  }

  /** The filter's campaign, else the workspace's most recently active one; null when the workspace has none. */
  async campaign(campaignId: string | undefined, verdict: VerdictVariant): Promise<WidgetCampaign | null> {
    const id = campaignId || (await this.latestCampaignId());
    if (!id) return null;
    const detail = await this.once(`campaign:${id}:${verdict}`, () =>
      firstValueFrom(this.http.get<CampaignDetailResponse>(`/v1/campaigns/${encodeURIComponent(id)}`, { params: { verdict } })),
    );
    return { detail, latest: !campaignId };
  }

  deliverability(from: string): Promise<DeliverabilityResponse> {
    return firstValueFrom(this.http.get<DeliverabilityResponse>('/v1/deliverability', { params: { from } }));
  }

  /** The workspace's latest anomalies, newest first (GET /v1/anomalies, its largest page); widgets keep their range. */
  anomalies(): Promise<AnomalyRecord[]> {
    return this.once('anomalies', async () => (await firstValueFrom(this.http.get<{ anomalies: AnomalyRecord[] }>('/v1/anomalies', { params: { limit: 1000, order: 'desc' } }))).anomalies);
  }

  /** The latest events since `from`, newest first, optionally of one campaign. */
  events(from: string, campaignId: string | undefined, limit: number): Promise<EventExplorerResponse> {
    return firstValueFrom(this.http.get<EventExplorerResponse>('/v1/events', { params: { from, limit, ...(campaignId ? { campaignId } : {}) } }));
  }

  private latestCampaignId(): Promise<string | null> {
    return this.once('latest-campaign', async () => {
      const list = await firstValueFrom(this.http.get<CampaignListResponse>('/v1/campaigns', { params: { sort: 'lastActivity', order: 'desc', limit: 1 } }));
      return list.items[0]?.id ?? null;
    });
  }

  /** One request per key (and workspace) for a few seconds; a failed one is not kept. */
  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const full = `${this.session.workspaceId()}|${key}`;
    const now = Date.now();
    const hit = this.shared.get(full);
    if (hit && now - hit.at < SHARE_MS) return hit.answer as Promise<T>;
    const answer = read();
    this.shared.set(full, { at: now, answer });
    answer.catch(() => this.shared.delete(full));
    return answer;
  }
}
