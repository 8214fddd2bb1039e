import { columnLabel, firstList, listColumns } from './list-columns';

describe('generic API lists', () => {
  it('takes the first array of the body, or the body when it is one', () => {
    expect(firstList({ total: 2, items: [{ a: 1 }, 'x', { a: 2 }] })).toEqual([{ a: 1 }, { a: 2 }]);
    expect(firstList([{ a: 1 }])).toEqual([{ a: 1 }]);
    expect(firstList({ nothing: true })).toEqual([]);
  });

  it('shows scalar fields, ids last, at most the given number', () => {
    const rows = [{ id: 'x', name: 'n', nested: { a: 1 }, workspaceId: 'w', count: 3, ruleId: 'r', at: null }];
    expect(listColumns(rows)).toEqual(['name', 'count', 'at', 'id', 'ruleId']);
    expect(listColumns(rows, 2)).toEqual(['name', 'count']);
  });

  it.each([
    ['lastRunAt', 'Last run at'],
    ['complaint_rate', 'Complaint rate'],
    ['id', 'Id'],
  ])('labels %s as %s', (key, label) => {
    expect(columnLabel(key)).toBe(label);
  });
});
