import type { Dashboard, DashboardWidget } from '@mailpulse/contracts';
import { addWidget, draftOf, emptyWidgetForm, fieldTarget, formFieldOf, formOf, isDirty, newWidgetId, updateBody, widgetFormProblems, widgetOf } from './dashboard-draft';

const kpi: DashboardWidget = { id: 'opens', kind: 'kpi', title: 'Opens', metric: 'opens', verdict: 'human', range: '24h', position: { x: 0, y: 0, w: 3, h: 2 } };
const dashboard: Dashboard = {
  id: 'd1',
  name: 'Launch',
  description: 'Launch week',
  shared: false,
  ownerUserId: 'u1',
  isDefault: false,
  canEdit: true,
  version: 4,
  createdAt: '',
  updatedAt: '',
  widgets: [kpi],
};

describe('dashboard draft', () => {
  it('saves the whole dashboard with the version it was read at', () => {
    expect(updateBody(draftOf(dashboard), 4)).toEqual({ name: 'Launch', description: 'Launch week', shared: false, widgets: [kpi], version: 4 });
  });

  it('leaves an empty description out (which clears it) and trims the name', () => {
    const body = updateBody({ ...draftOf(dashboard), name: '  Launch  ', description: '   ' }, 4);
    expect(body.name).toBe('Launch');
    expect('description' in body).toBe(false);
  });

  it('copies the widgets, so editing the draft leaves the dashboard alone', () => {
    const draft = draftOf(dashboard);
    draft.widgets[0].position.x = 5;
    expect(dashboard.widgets[0].position.x).toBe(0);
    expect(isDirty(draft, dashboard)).toBe(true);
    expect(isDirty(draftOf(dashboard), dashboard)).toBe(false);
  });

  it('builds a KPI with its metric, verdict and filters, and a title from the metric when none is given', () => {
    const form = { ...emptyWidgetForm('kpi'), metric: 'open_rate' as const, campaignId: ' spring ', variant: '', range: '30d' as const };
    expect(widgetOf(form, 'kpi-1', { x: 0, y: 0, w: 3, h: 2 })).toEqual({
      id: 'kpi-1',
      kind: 'kpi',
      title: 'Open rate',
      position: { x: 0, y: 0, w: 3, h: 2 },
      metric: 'open_rate',
      verdict: 'human',
      range: '30d',
      filters: { campaignId: 'spring' },
    });
  });

  it('gives kinds only the settings they take', () => {
    const form = { ...emptyWidgetForm('anomalies'), metric: 'opens' as const, campaignId: 'spring', domain: 'gmail.com' };
    expect(widgetOf(form, 'a-1', { x: 0, y: 0, w: 6, h: 4 })).toEqual({ id: 'a-1', kind: 'anomalies', title: 'Anomalies', position: { x: 0, y: 0, w: 6, h: 4 }, range: '7d', filters: { domain: 'gmail.com' } });
  });

  it('round-trips a widget through the form', () => {
    expect(widgetOf(formOf(kpi), kpi.id, kpi.position)).toEqual(kpi);
  });

  it('adds a widget at the first free spot with an id not yet used', () => {
    const widgets = addWidget([kpi, { ...kpi, id: 'kpi-1', position: { x: 3, y: 0, w: 3, h: 2 } }], emptyWidgetForm('kpi'));
    expect(widgets[2]).toMatchObject({ id: 'kpi-2', kind: 'kpi', metric: 'sent', position: { x: 6, y: 0, w: 3, h: 2 } });
    expect(newWidgetId('funnel', widgets)).toBe('funnel-1');
  });

  it('asks for a metric where the kind needs one', () => {
    expect(widgetFormProblems({ ...emptyWidgetForm('timeseries'), metric: '' })).toEqual({ metric: 'A Time series widget needs a metric.' });
    expect(widgetFormProblems(emptyWidgetForm('funnel'))).toEqual({});
  });

  it.each([
    ['widgets[3].position.w', { on: 'widget', index: 3, field: 'position.w' }],
    ['widgets[0]', { on: 'widget', index: 0, field: '' }],
    ['name', { on: 'dashboard', field: 'name' }],
    ['widgets', { on: 'dashboard', field: 'widgets' }],
    ['version', { on: 'other', field: 'version' }],
    [undefined, { on: 'other', field: '' }],
  ])('an API error on %s points at %o', (field, target) => {
    expect(fieldTarget(field)).toEqual(target);
  });

  it.each([
    ['title', 'title'],
    ['metric', 'metric'],
    ['filters.domain', 'domain'],
    ['filters', null],
    ['position.w', null],
    ['id', null],
  ])('the widget field %s is the form field %s', (field, formField) => {
    expect(formFieldOf(field)).toBe(formField);
  });
});
