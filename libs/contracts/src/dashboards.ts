import type { VerdictVariant } from '@mailpulse/metrics';
import type { TimeSeriesMetric } from './analytics';

/**
 * Custom dashboards (`/v1/dashboards`): a workspace member's own arrangement of the portal's widgets, private or
 * shared with the workspace, and each member's choice of default. See docs/dashboards.md for the routes and who may
 * do what.
 *
 * Errors: `{ error: { code, message, field? } }`. 400 `invalid_body` names the field in the message, e.g.
 * "widgets[3].position.w: must be between 1 and 12" (field "widgets[3].position.w"); 404 `not_found` for a dashboard
 * that does not exist or that the caller may not see (another member's private one, another workspace's);
 * 403 `not_dashboard_owner` for a change to a dashboard the caller may see but not change; 409 `version_conflict` when
 * `version` is not the stored one (someone saved in between: reload, reapply, save again).
 */

// ---------------------------------------------------------------------------------------------------------------
// Limits (the API refuses anything outside them with a 400 naming the field)
// ---------------------------------------------------------------------------------------------------------------

export const DASHBOARD_LIMITS = {
  /** Columns of the layout grid; a widget spans x .. x + w - 1. */
  gridColumns: 12,
  /** Rows a widget may start at: 0 .. maxRow. */
  maxRow: 200,
  maxWidgets: 40,
  /** w and h of a widget: 1 .. 12. */
  minSize: 1,
  maxSize: 12,
  nameMaxLength: 100,
  descriptionMaxLength: 500,
  titleMaxLength: 100,
  /** Widget ids: 1 .. 64 of A-Z a-z 0-9 _ - */
  widgetIdMaxLength: 64,
  /** campaignId, variant, domain: 1 .. 128 characters. */
  filterMaxLength: 128,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Widgets
// ---------------------------------------------------------------------------------------------------------------

export const DASHBOARD_WIDGET_KINDS = ['kpi', 'timeseries', 'funnel', 'top-links', 'top-domains', 'live-feed', 'anomalies'] as const;
export type DashboardWidgetKind = (typeof DASHBOARD_WIDGET_KINDS)[number];

/** Kinds that show one metric: `metric` is required for them and refused for the others. */
export const METRIC_WIDGET_KINDS = ['kpi', 'timeseries'] as const satisfies readonly DashboardWidgetKind[];

/**
 * The period a widget shows, ending now: the portal turns it into `from`/`to` of the analytics request
 * (e.g. `7d` → GET /v1/timeseries?from=<now − 7 days>&to=<now>). Every range fits the time series limits with the
 * bucket the portal picks (minute for 1h, hour for 24h and 7d, day for 30d and 90d).
 */
export const DASHBOARD_RANGES = ['1h', '24h', '7d', '30d', '90d'] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/** Which opens and clicks a widget counts (the analytics API's `verdict`); default human. */
export const DASHBOARD_VERDICTS = ['human', 'machine', 'total'] as const satisfies readonly VerdictVariant[];

/** Place and size on the 12-column grid, in grid cells: 0 ≤ x, x + w ≤ 12, 1 ≤ w, h ≤ 12, 0 ≤ y ≤ 200. Widgets may not overlap. */
export interface WidgetPosition {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Narrows what a widget reads, as the analytics API's query parameters of the same names. */
export interface WidgetFilters {
  campaignId?: string;
  variant?: string;
  /** Recipient domain, e.g. gmail.com (stored lower-cased). */
  domain?: string;
}

/**
 * One widget of a dashboard. What each kind reads:
 * - `kpi`: one number of `metric` over `range` (GET /v1/timeseries, summed; rate metrics over the whole range);
 * - `timeseries`: `metric` over `range` (GET /v1/timeseries);
 * - `funnel`, `top-links`: a campaign's funnel and links (GET /v1/campaigns/:id); `filters.campaignId`, or when absent
 *   the workspace's most recently active campaign;
 * - `top-domains`: recipient domains (GET /v1/campaigns/:id with a campaign, else GET /v1/deliverability over `range`);
 * - `live-feed`: the live event stream (`range` is how far back the feed starts when opened);
 * - `anomalies`: GET /v1/anomalies, those within `range`.
 */
export interface DashboardWidget {
  /** Unique within the dashboard; chosen by the portal (kept as sent) or given by the API when left out. */
  id: string;
  kind: DashboardWidgetKind;
  title: string;
  position: WidgetPosition;
  /** Required for `kpi` and `timeseries`, refused for the other kinds. One of the time series metrics. */
  metric?: TimeSeriesMetric;
  /** Default human. */
  verdict?: VerdictVariant;
  range: DashboardRange;
  filters?: WidgetFilters;
}

/** A widget as sent in a create or update body: `id` may be left out (the API gives one). */
export type DashboardWidgetInput = Omit<DashboardWidget, 'id'> & { id?: string };

// ---------------------------------------------------------------------------------------------------------------
// Dashboards
// ---------------------------------------------------------------------------------------------------------------

export interface Dashboard {
  id: string;
  name: string;
  description?: string;
  /** Shared dashboards are seen by every member (and read API keys); private ones by their owner only. */
  shared: boolean;
  /** The member who created it; null when that user no longer exists. */
  ownerUserId: string | null;
  /** The owner's email address; left out for API keys and when the owner no longer exists. */
  ownerName?: string;
  /** Whether this is the caller's chosen default (always false for API keys). */
  isDefault: boolean;
  /** Whether the caller may change or delete it (owner, or an admin for a shared one). */
  canEdit: boolean;
  /** 1 on creation, +1 on every update; send it back with PUT. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** In the order stored (the portal's order; layout is by position). */
  widgets: DashboardWidget[];
}

/** GET /v1/dashboards: the caller's own dashboards and the shared ones, by name. */
export interface DashboardListResponse {
  dashboards: Dashboard[];
  /** The caller's chosen default, null when none (or for an API key). */
  defaultDashboardId: string | null;
}

/**
 * GET /v1/dashboards/default: the caller's chosen default; else the workspace's oldest shared dashboard
 * (`source: 'workspace'`); else 404 `not_found`.
 */
export interface DefaultDashboardResponse {
  source: 'user' | 'workspace';
  dashboard: Dashboard;
}

/** Starter layouts for POST /v1/dashboards with `template` (widgets then come from the template). */
export const DASHBOARD_TEMPLATES = ['deliverability', 'engagement'] as const;
export type DashboardTemplate = (typeof DASHBOARD_TEMPLATES)[number];

/**
 * Body: POST /v1/dashboards (role analyst). `widgets` default to none, or to the template's when `template` is
 * given (then `widgets` must be left out). `shared` defaults to false.
 */
export interface CreateDashboardRequest {
  name: string;
  description?: string;
  shared?: boolean;
  widgets?: DashboardWidgetInput[];
  template?: DashboardTemplate;
}

/**
 * Body: PUT /v1/dashboards/:id: the whole dashboard as it should be, with the `version` it was read at. A stale
 * version is a 409 `version_conflict`. Leaving `description` out clears it.
 */
export interface UpdateDashboardRequest {
  name: string;
  description?: string;
  shared: boolean;
  widgets: DashboardWidgetInput[];
  version: number;
}

/** PUT /v1/dashboards/:id/default answers 200 with this; DELETE /v1/dashboards/:id/default answers 204. */
export interface SetDefaultDashboardResponse {
  defaultDashboardId: string;
}
