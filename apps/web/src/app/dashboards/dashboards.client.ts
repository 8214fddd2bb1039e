import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  CreateDashboardRequest,
  Dashboard,
  DashboardListResponse,
  SetDefaultDashboardResponse,
  UpdateDashboardRequest,
} from '@mailpulse/contracts';
import { firstValueFrom } from 'rxjs';

/** The dashboards routes (docs/dashboards.md) for the portal's pages. */
@Injectable({ providedIn: 'root' })
export class DashboardsClient {
  private readonly http = inject(HttpClient);

  list(): Promise<DashboardListResponse> {
    return firstValueFrom(this.http.get<DashboardListResponse>('/v1/dashboards'));
  }

  get(id: string): Promise<Dashboard> {
    return firstValueFrom(this.http.get<Dashboard>(path(id)));
  }

  create(body: CreateDashboardRequest): Promise<Dashboard> {
    return firstValueFrom(this.http.post<Dashboard>('/v1/dashboards', body));
  }

  /** 409 `version_conflict` when someone saved since `body.version` was read. */
  update(id: string, body: UpdateDashboardRequest): Promise<Dashboard> {
    return firstValueFrom(this.http.put<Dashboard>(path(id), body));
  }

  async remove(id: string): Promise<void> {
    await firstValueFrom(this.http.delete(path(id)));
  }

  setDefault(id: string): Promise<SetDefaultDashboardResponse> {
    return firstValueFrom(this.http.put<SetDefaultDashboardResponse>(`${path(id)}/default`, {}));
  }

  async clearDefault(id: string): Promise<void> {
    await firstValueFrom(this.http.delete(`${path(id)}/default`));
  }
}

function path(id: string): string {
  return `/v1/dashboards/${encodeURIComponent(id)}`;
}
