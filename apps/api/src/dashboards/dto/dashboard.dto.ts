import {
  DASHBOARD_LIMITS,
  DASHBOARD_RANGES,
  DASHBOARD_TEMPLATES,
  DASHBOARD_VERDICTS,
  DASHBOARD_WIDGET_KINDS,
  METRIC_WIDGET_KINDS,
  TIME_SERIES_METRICS,
} from '@mailpulse/contracts';
import { z } from 'zod';
import { findLayoutProblem } from '../dashboard-layout';
import { DashboardErrorCode, DashboardException } from '../dashboard.exception';

const L = DASHBOARD_LIMITS;

/** "is required" when the field is missing, else `wrongType`. */
function required(wrongType: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : wrongType) };
}

function oneOf(values: readonly string[]) {
  return required(`must be one of ${values.join(', ')}`);
}

function isControlCharacter(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

function text(max: number) {
  return z
    .string(required('must be a string'))
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => ![...v].some(isControlCharacter), 'must not contain control characters');
}

function gridNumber(min: number, max: number) {
  const range = `must be between ${min} and ${max}`;
  return z.number(required('must be a number')).int('must be a whole number').min(min, range).max(max, range);
}

const position = z.strictObject(
  {
    x: gridNumber(0, L.gridColumns - 1),
    y: gridNumber(0, L.maxRow),
    w: gridNumber(L.minSize, L.maxSize),
    h: gridNumber(L.minSize, L.maxSize),
  },
  required('must be an object { x, y, w, h }'),
);

const filters = z.strictObject(
  {
    campaignId: text(L.filterMaxLength).optional(),
    variant: text(L.filterMaxLength).optional(),
    domain: text(L.filterMaxLength).toLowerCase().optional(),
  },
  { error: 'must be an object { campaignId?, variant?, domain? }' },
);

const metricKinds: readonly string[] = METRIC_WIDGET_KINDS;

export const widgetInput = z
  .strictObject(
    {
      id: z
        .string({ error: 'must be a string' })
        .regex(new RegExp(`^[A-Za-z0-9_-]{1,${L.widgetIdMaxLength}}$`), `must be 1 to ${L.widgetIdMaxLength} letters, digits, _ or -`)
        .optional(),
      kind: z.enum(DASHBOARD_WIDGET_KINDS, oneOf(DASHBOARD_WIDGET_KINDS)),
      title: text(L.titleMaxLength),
      position,
      metric: z.enum(TIME_SERIES_METRICS, oneOf(TIME_SERIES_METRICS)).optional(),
      verdict: z.enum(DASHBOARD_VERDICTS, oneOf(DASHBOARD_VERDICTS)).optional(),
      range: z.enum(DASHBOARD_RANGES, oneOf(DASHBOARD_RANGES)),
      filters: filters.optional(),
    },
    { error: 'must be an object' },
  )
  .superRefine((w, ctx) => {
    const takesMetric = metricKinds.includes(w.kind);
    if (takesMetric && w.metric === undefined) ctx.addIssue({ code: 'custom', path: ['metric'], message: `is required for a ${w.kind} widget` });
    if (!takesMetric && w.metric !== undefined) ctx.addIssue({ code: 'custom', path: ['metric'], message: `is only for ${metricKinds.join(' and ')} widgets, not ${w.kind}` });
  });
export type WidgetInput = z.output<typeof widgetInput>;

const widgets = z
  .array(widgetInput, required('must be an array of widgets'))
  .max(L.maxWidgets, `must hold at most ${L.maxWidgets} widgets`)
  .superRefine((list, ctx) => {
    const problem = findLayoutProblem(list);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.index, ...problem.path], message: problem.message });
  });

const name = text(L.nameMaxLength);
// An empty description is no description.
const description = z
  .string({ error: 'must be a string' })
  .trim()
  .max(L.descriptionMaxLength, `must be at most ${L.descriptionMaxLength} characters`)
  .transform((v) => v || undefined)
  .optional();

export const createDashboardBody = z
  .strictObject(
    {
      name,
      description,
      shared: z.boolean({ error: 'must be true or false' }).default(false),
      widgets: widgets.optional(),
      template: z.enum(DASHBOARD_TEMPLATES, oneOf(DASHBOARD_TEMPLATES)).optional(),
    },
    required('must be a JSON object'),
  )
  .superRefine((b, ctx) => {
    if (b.template !== undefined && b.widgets !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['widgets'], message: 'must be left out when a template is given (the template brings its widgets)' });
    }
  });
export type CreateDashboardBody = z.output<typeof createDashboardBody>;

export const updateDashboardBody = z.strictObject(
  {
    name,
    description,
    shared: z.boolean(required('must be true or false')),
    widgets,
    version: z.number(required('must be a number')).int('must be a whole number').min(1, 'must be at least 1'),
  },
  required('must be a JSON object'),
);
export type UpdateDashboardBody = z.output<typeof updateDashboardBody>;

export const dashboardId = z.uuid({ error: 'must be a dashboard id (uuid)' });

/** `widgets[3].position.w`: array indexes in brackets, as the portal's form shows them. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/** Parses a dashboards body or path parameter; a bad one is a 400 naming the field, e.g. `widgets[3].position.w`. */
export function parseDashboardInput<S extends z.ZodType>(schema: S, input: unknown, topLevel = 'body'): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const field = path.length ? fieldPath(path) : topLevel;
  const reason = issue.code === 'unrecognized_keys' ? 'is not a known field' : issue.message;
  throw new DashboardException(400, DashboardErrorCode.InvalidBody, `${field}: ${reason}`, field);
}
