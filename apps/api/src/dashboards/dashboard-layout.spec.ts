import { DASHBOARD_TEMPLATES, type WidgetPosition } from '@mailpulse/contracts';
import { findLayoutProblem } from './dashboard-layout';
import { DASHBOARD_TEMPLATE_WIDGETS } from './dashboard-templates';
import { createDashboardBody, fieldPath, parseDashboardInput, updateDashboardBody } from './dto/dashboard.dto';

const at = (x: number, y: number, w: number, h: number, id?: string) => ({ ...(id ? { id } : {}), position: { x, y, w, h } satisfies WidgetPosition });

describe('findLayoutProblem', () => {
  it.each([
    ['no widgets', []],
    ['one widget across the whole grid', [at(0, 0, 12, 12)]],
    ['side by side, touching', [at(0, 0, 6, 2), at(6, 0, 6, 2)]],
    ['stacked, touching', [at(0, 0, 4, 2), at(0, 2, 4, 2)]],
    ['ending on the last column', [at(11, 0, 1, 1)]],
    ['distinct ids', [at(0, 0, 1, 1, 'a'), at(1, 0, 1, 1, 'b')]],
  ])('accepts %s', (_case, widgets) => {
    expect(findLayoutProblem(widgets)).toBeNull();
  });

  it.each([
    ['past the last column', [at(0, 0, 2, 2), at(8, 0, 5, 2)], { index: 1, path: ['position', 'w'], message: 'must be at most 4 when x is 8 (x + w must be at most 12)' }],
    ['the same cells', [at(0, 0, 2, 2), at(0, 0, 2, 2)], { index: 1, path: ['position'] }],
    ['a corner overlap', [at(0, 0, 3, 3), at(4, 4, 2, 2), at(2, 2, 2, 2)], { index: 2, path: ['position'], message: expect.stringContaining('widgets[0]') }],
    ['one inside another', [at(0, 0, 6, 6), at(2, 2, 1, 1)], { index: 1, path: ['position'] }],
    ['a repeated id', [at(0, 0, 1, 1, 'x'), at(1, 0, 1, 1, 'y'), at(2, 0, 1, 1, 'x')], { index: 2, path: ['id'], message: expect.stringContaining('widgets[0]') }],
  ])('refuses %s', (_case, widgets, problem) => {
    expect(findLayoutProblem(widgets)).toMatchObject(problem);
  });
});

describe('fieldPath', () => {
  it.each([
    [['widgets', 3, 'position', 'w'], 'widgets[3].position.w'],
    [['name'], 'name'],
    [['widgets', 0], 'widgets[0]'],
    [[], ''],
  ])('%j → %s', (path, expected) => {
    expect(fieldPath(path)).toBe(expected);
  });
});

describe('dashboard bodies', () => {
  it('a 400 names the field with brackets and says why', () => {
    const widgets = [{ kind: 'kpi', title: 'A', metric: 'opens', range: '7d', position: { x: 0, y: 0, w: 3, h: 2 } }];
    widgets.push({ ...widgets[0]!, position: { x: 3, y: 0, w: 3, h: 2 } }, { ...widgets[0]!, position: { x: 6, y: 0, w: 3, h: 2 } }, { ...widgets[0]!, position: { x: 9, y: 0, w: 13, h: 2 } });
    expect(() => parseDashboardInput(createDashboardBody, { name: 'x', widgets })).toThrow(
      expect.objectContaining({ status: 400, field: 'widgets[3].position.w', message: 'widgets[3].position.w: must be between 1 and 12' }),
    );
  });

  it('defaults: not shared, no widgets; an empty description is none', () => {
    expect(parseDashboardInput(createDashboardBody, { name: ' Ops ', description: '  ' })).toEqual({ name: 'Ops', shared: false });
  });

  it.each(DASHBOARD_TEMPLATES)('the %s template passes the update checks as it stands', (template) => {
    const widgets = DASHBOARD_TEMPLATE_WIDGETS[template];
    expect(parseDashboardInput(updateDashboardBody, { name: template, shared: true, widgets, version: 1 }).widgets).toEqual(widgets);
  });
});
