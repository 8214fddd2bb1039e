import type {
  Dashboard,
  DashboardRange,
  DashboardWidget,
  DashboardWidgetKind,
  TimeSeriesMetric,
  UpdateDashboardRequest,
  VerdictVariant,
  WidgetFilters,
  WidgetPosition,
} from '@mailpulse/contracts';
import { firstFreeSpot } from './dashboard-layout';
import { GRID, METRIC_KINDS } from './dashboard-vocabulary';
import { filtersFor, METRIC_LABELS, takesVerdict } from './widget-figures';

/** A dashboard as it is being edited: what PUT /v1/dashboards/:id sends, less the version. */
export interface DashboardDraft {
  name: string;
  description: string;
  shared: boolean;
  widgets: DashboardWidget[];
}

export function draftOf(d: Dashboard): DashboardDraft {
  return { name: d.name, description: d.description ?? '', shared: d.shared, widgets: d.widgets.map((w) => structuredClone(w)) };
}

/** The body of the save: the whole dashboard with the version it was read at. An empty description is none. */
export function updateBody(draft: DashboardDraft, version: number): UpdateDashboardRequest {
  const description = draft.description.trim();
  return { name: draft.name.trim(), ...(description ? { description } : {}), shared: draft.shared, widgets: draft.widgets, version };
}

export function isDirty(draft: DashboardDraft, saved: Dashboard): boolean {
  return JSON.stringify(updateBody(draft, saved.version)) !== JSON.stringify(updateBody(draftOf(saved), saved.version));
}

export const KIND_LABELS: Record<DashboardWidgetKind, string> = {
  kpi: 'KPI',
  timeseries: 'Time series',
  funnel: 'Campaign funnel',
  'top-links': 'Top links',
  'top-domains': 'Recipient domains',
  'live-feed': 'Live feed',
  anomalies: 'Anomalies',
};

/** The size a new widget of each kind starts with, in grid cells. */
export const DEFAULT_SIZES: Record<DashboardWidgetKind, { w: number; h: number }> = {
  kpi: { w: 3, h: 2 },
  timeseries: { w: 6, h: 4 },
  funnel: { w: 6, h: 4 },
  'top-links': { w: 6, h: 4 },
  'top-domains': { w: 6, h: 4 },
  'live-feed': { w: 4, h: 4 },
  anomalies: { w: 6, h: 4 },
};

/** The widget form's fields, as strings the inputs edit; empty filters are left out of the widget. */
export interface WidgetForm {
  kind: DashboardWidgetKind;
  title: string;
  metric: TimeSeriesMetric | '';
  range: DashboardRange;
  verdict: VerdictVariant;
  campaignId: string;
  variant: string;
  domain: string;
}

export function emptyWidgetForm(kind: DashboardWidgetKind = 'kpi'): WidgetForm {
  return { kind, title: '', metric: kind === 'kpi' || kind === 'timeseries' ? 'sent' : '', range: '7d', verdict: 'human', campaignId: '', variant: '', domain: '' };
}

export function formOf(w: DashboardWidget): WidgetForm {
  return {
    kind: w.kind,
    title: w.title,
    metric: w.metric ?? '',
    range: w.range,
    verdict: w.verdict ?? 'human',
    campaignId: w.filters?.campaignId ?? '',
    variant: w.filters?.variant ?? '',
    domain: w.filters?.domain ?? '',
  };
}

export function takesMetric(kind: DashboardWidgetKind): boolean {
  return (METRIC_KINDS as readonly string[]).includes(kind);
}

/** A title for a widget the user left untitled: its metric or its kind. */
export function defaultTitle(form: Pick<WidgetForm, 'kind' | 'metric'>): string {
  return takesMetric(form.kind) && form.metric ? METRIC_LABELS[form.metric] : KIND_LABELS[form.kind];
}

/** The widget the form describes: only the settings its kind takes (a funnel carries no metric, a feed no verdict). */
export function widgetOf(form: WidgetForm, id: string, position: WidgetPosition): DashboardWidget {
  const filters: WidgetFilters = {};
  for (const key of filtersFor(form.kind)) {
    const value = form[key].trim();
    if (value) filters[key] = value;
  }
  const metric = takesMetric(form.kind) && form.metric ? form.metric : undefined;
  return {
    id,
    kind: form.kind,
    title: form.title.trim() || defaultTitle(form),
    position,
    ...(metric ? { metric } : {}),
    ...(takesVerdict(form.kind, metric) ? { verdict: form.verdict } : {}),
    range: form.range,
    ...(Object.keys(filters).length ? { filters } : {}),
  };
}

/** A widget id not yet used in the dashboard: `<kind>-<n>`. */
export function newWidgetId(kind: DashboardWidgetKind, widgets: readonly { id: string }[]): string {
  const used = new Set(widgets.map((w) => w.id));
  for (let n = 1; ; n++) {
    const id = `${kind}-${n}`;
    if (!used.has(id)) return id;
  }
}

/** Adds the form's widget at the first free spot of its kind's default size. */
export function addWidget(widgets: readonly DashboardWidget[], form: WidgetForm): DashboardWidget[] {
  const position = firstFreeSpot(widgets, DEFAULT_SIZES[form.kind]);
  return [...widgets, widgetOf(form, newWidgetId(form.kind, widgets), position)];
}

/** What the form lacks before it can be added, by field; the API checks the rest and names the field itself. */
export function widgetFormProblems(form: WidgetForm): Partial<Record<keyof WidgetForm, string>> {
  const problems: Partial<Record<keyof WidgetForm, string>> = {};
  if (takesMetric(form.kind) && !form.metric) problems.metric = `A ${KIND_LABELS[form.kind]} widget needs a metric.`;
  if (form.title.trim().length > GRID.titleMaxLength) problems.title = `At most ${GRID.titleMaxLength} characters.`;
  return problems;
}

/**
 * Where an API 400 points: `name`, `description`, `shared`, or a widget and its field
 * (`widgets[3].position.w` → widget 3, `position.w`). The portal shows the message next to that field.
 */
export type FieldTarget = { on: 'dashboard'; field: 'name' | 'description' | 'shared' | 'widgets' } | { on: 'widget'; index: number; field: string } | { on: 'other'; field: string };

export function fieldTarget(field: string | undefined): FieldTarget {
  if (!field) return { on: 'other', field: '' };
  const widget = /^widgets\[(\d+)\](?:\.(.+))?$/.exec(field);
  if (widget) return { on: 'widget', index: Number(widget[1]), field: widget[2] ?? '' };
  if (field === 'name' || field === 'description' || field === 'shared' || field === 'widgets') return { on: 'dashboard', field };
  return { on: 'other', field };
}

/** The widget form field a widget's API field belongs to (`filters.domain` → domain), or null for its frame. */
export function formFieldOf(field: string): keyof WidgetForm | null {
  const head = field.split(/[.[]/)[0];
  if (head === 'filters') {
    const sub = field.split('.')[1];
    return sub === 'campaignId' || sub === 'variant' || sub === 'domain' ? sub : null;
  }
  return head === 'kind' || head === 'title' || head === 'metric' || head === 'range' || head === 'verdict' ? head : null;
}
