import type { BenchmarksResponse } from '@mailpulse/contracts';
import { formatRate, userLocale } from '../format/locale-format';

/** `inflated`: the all-opens rate counts machine opens, so beating a pre-MPP open rate with it says nothing. */
export type Standing = 'better' | 'worse' | 'level' | 'no-data' | 'inflated';

export interface BenchmarkRow {
  metric: string;
  /** How the workspace's rate is counted. */
  definition: string;
  workspace: number | null;
  benchmark: number | null;
  standing: Standing;
  /** The open rate rows: compare with care (see the caveat). */
  caveat: boolean;
}

/** Within 10 % of the benchmark (relative) is level: the published averages are not precise beyond that. */
const LEVEL_BAND = 0.1;

export function standing(workspace: number | null, benchmark: number | null, higherIsBetter: boolean): Standing {
  if (workspace === null || benchmark === null || benchmark === 0) return 'no-data';
  const relative = (workspace - benchmark) / benchmark;
  if (Math.abs(relative) <= LEVEL_BAND) return 'level';
  return relative > 0 === higherIsBetter ? 'better' : 'worse';
}

/** The comparison table: each of the workspace's rates beside the industry's published average. */
export function benchmarkRows(r: BenchmarksResponse): BenchmarkRow[] {
  const w = r.workspace.compared;
  const b = r.industry;
  const row = (metric: string, definition: string, workspace: number | null, benchmark: number | null, higherIsBetter: boolean, caveat = false): BenchmarkRow => ({
    metric,
    definition,
    workspace,
    benchmark,
    standing: standing(workspace, benchmark, higherIsBetter),
    caveat,
  });
  return [
    row('Open rate (human only)', 'Messages opened by a person / delivered', w.humanOpen, b.open, true, true),
    { ...row('Open rate (all opens)', 'Every opened message, Apple MPP and scanners included / delivered', w.allOpen, b.open, true, true), standing: w.allOpen === null ? 'no-data' : 'inflated' },
    row('Click rate', 'Messages clicked by a person / delivered', w.click, b.click, true),
    row('Bounce rate', 'Hard + soft + block bounces / sent', w.bounce, b.bounce, false),
    row('Hard bounce rate', 'Hard bounces / sent', w.hardBounce, b.hardBounce, false),
    row('Soft bounce rate', 'Soft bounces / sent', w.softBounce, b.softBounce, false),
    row('Unsubscribe rate', 'Unsubscribes / delivered', w.unsubscribe, b.unsubscribe, false),
    row('Complaint rate', 'Spam complaints / delivered', w.complaint, b.complaint, false),
  ];
}

export function standingWords(s: Standing): string {
  switch (s) {
    case 'better':
      return 'better than the benchmark';
    case 'worse':
      return 'worse than the benchmark';
    case 'level':
      return 'about the benchmark';
    case 'no-data':
      return 'no data';
    case 'inflated':
      return 'inflated by machine opens';
  }
}

export function standingTone(s: Standing): string {
  switch (s) {
    case 'better':
      return 'ok';
    case 'worse':
      return 'bad';
    case 'level':
      return 'info';
    case 'no-data':
      return '';
    case 'inflated':
      return 'warn';
  }
}

/** As the portal's rates, but with three decimals under 0.1 %: complaint benchmarks are published as 0.012 %. */
export function formatBenchmarkRate(rate: number | null, locale = userLocale()): string {
  if (rate === null || rate === 0 || Math.abs(rate) >= 0.001) return formatRate(rate, locale);
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(rate);
}
