import type {
  DASHBOARD_LIMITS,
  DASHBOARD_RANGES,
  DASHBOARD_TEMPLATES,
  DASHBOARD_VERDICTS,
  DASHBOARD_WIDGET_KINDS,
  METRIC_WIDGET_KINDS,
  TIME_SERIES_METRICS,
} from '@mailpulse/contracts';

/*
 * The dashboards contract's values (libs/contracts/src/dashboards.ts), repeated here so the web bundle does not pull
 * in the contracts' zod schemas with them. Each is typed as the contract's own constant, so the compiler refuses a
 * copy that drifts from it.
 */

export const GRID: typeof DASHBOARD_LIMITS = {
  gridColumns: 12,
  maxRow: 200,
  maxWidgets: 40,
  minSize: 1,
  maxSize: 12,
  nameMaxLength: 100,
  descriptionMaxLength: 500,
  titleMaxLength: 100,
  widgetIdMaxLength: 64,
  filterMaxLength: 128,
};

export const WIDGET_KINDS: typeof DASHBOARD_WIDGET_KINDS = ['kpi', 'timeseries', 'funnel', 'top-links', 'top-domains', 'live-feed', 'anomalies'];
export const METRIC_KINDS: typeof METRIC_WIDGET_KINDS = ['kpi', 'timeseries'];
export const RANGES: typeof DASHBOARD_RANGES = ['1h', '24h', '7d', '30d', '90d'];
export const VERDICTS: typeof DASHBOARD_VERDICTS = ['human', 'machine', 'total'];
export const TEMPLATES: typeof DASHBOARD_TEMPLATES = ['deliverability', 'engagement'];
export const METRICS: typeof TIME_SERIES_METRICS = [
  'sent',
  'delivered',
  'deferred',
  'bounces',
  'opens',
  'clicks',
  'replies',
  'complaints',
  'unsubscribes',
  'conversions',
  'revenue',
  'delivery_rate',
  'bounce_rate',
  'open_rate',
  'click_rate',
  'click_to_open_rate',
  'complaint_rate',
  'unsubscribe_rate',
];
