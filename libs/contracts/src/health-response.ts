export interface HealthCheck {
  ok: boolean;
  /** Why the dependency is not ready; absent when ok. */
  reason?: string;
  latencyMs?: number;
}

/** `GET /health`: 200 with status `ok` when every check passes, 503 with status `unavailable` otherwise. */
export interface HealthResponse {
  status: 'ok' | 'unavailable';
  checks: {
    database: HealthCheck;
    liveStore: HealthCheck;
  };
}
