export type RollupTable = 'rollups_minute' | 'rollups_hour' | 'rollups_day';

export interface RollupSpan {
  table: RollupTable;
  from: Date;
  to: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Covers [from, to) with the coarsest rollups that fit: whole UTC days from rollups_day, whole hours from
 * rollups_hour, the remaining minutes from rollups_minute. Bounds are first rounded to the minute (the finest
 * grain stored), `from` down and `to` up, so a period counts every minute it touches.
 */
export function rollupSpans(fromDate: Date, toDate: Date): RollupSpan[] {
  const from = Math.floor(fromDate.getTime() / MINUTE) * MINUTE;
  const to = Math.ceil(toDate.getTime() / MINUTE) * MINUTE;
  if (from >= to) return [];
  const spans: RollupSpan[] = [];
  const push = (table: RollupTable, a: number, b: number) => {
    if (a < b) spans.push({ table, from: new Date(a), to: new Date(b) });
  };
  const dayFrom = Math.ceil(from / DAY) * DAY;
  const dayTo = Math.floor(to / DAY) * DAY;
  if (dayFrom < dayTo) {
    push('rollups_day', dayFrom, dayTo);
    pushHours(from, dayFrom);
    pushHours(dayTo, to);
  } else {
    pushHours(from, to);
  }
  return spans;

  function pushHours(a: number, b: number): void {
    const hourFrom = Math.ceil(a / HOUR) * HOUR;
    const hourTo = Math.floor(b / HOUR) * HOUR;
    if (hourFrom < hourTo) {
      push('rollups_hour', hourFrom, hourTo);
      push('rollups_minute', a, hourFrom);
      push('rollups_minute', hourTo, b);
    } else {
      push('rollups_minute', a, b);
    }
  }
}

/**
 * A UNION ALL over the spans selecting `columns` from each rollup table for one workspace; parameters are
 * appended to `params` (the workspace id must already be $1). Extra conditions may use the alias-free columns.
 */
export function rollupUnion(
  spans: RollupSpan[],
  columns: string,
  params: unknown[],
  where = '',
): string {
  if (spans.length === 0)
    return `SELECT ${columns} FROM rollups_day WHERE false`;
  return spans
    .map((s) => {
      params.push(s.from, s.to);
      return `SELECT ${columns} FROM ${s.table} WHERE workspace_id = $1 AND bucket >= $${params.length - 1} AND bucket < $${params.length}${where}`;
    })
    .join('\nUNION ALL\n');
}
