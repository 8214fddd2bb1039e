import { Component, computed, inject, input } from '@angular/core';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective } from 'ngx-echarts';
import { ThemeService } from '../shell/theme.service';
import { formatCompact, userLocale } from '../format/locale-format';

/** Colours the charts take from the CSS theme, so a chart matches the page in light and dark. */
export function chartBase(dark: boolean, reducedMotion = false): EChartsCoreOption {
  const text = dark ? '#9aa3b2' : '#5a6272';
  const line = dark ? '#2e333d' : '#e3e6ec';
  return {
    backgroundColor: 'transparent',
    // Live dashboards redraw often: short transitions, never a long sweep.
    animation: !reducedMotion,
    animationDuration: 300,
    animationDurationUpdate: 200,
    color: dark ? ['#7c94ff', '#ff922b', '#51cf66', '#fcc419', '#ff6b6b', '#66d9e8'] : ['#3b5bdb', '#e8590c', '#1f8a4c', '#c99400', '#c92a2a', '#1098ad'],
    textStyle: { color: text, fontFamily: 'system-ui, sans-serif' },
    grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', backgroundColor: dark ? '#21252d' : '#ffffff', borderColor: line, textStyle: { color: dark ? '#e7e9ee' : '#16181d' } },
    legend: { textStyle: { color: text }, top: 0, left: 0, type: 'scroll' },
    axisLine: { lineStyle: { color: line } },
  };
}

/** Applies theme colours to axes of an option (ECharts does not inherit them from the top level). */
export function themedAxes(option: EChartsCoreOption, dark: boolean): EChartsCoreOption {
  const line = dark ? '#2e333d' : '#e3e6ec';
  const text = dark ? '#9aa3b2' : '#5a6272';
  const fix = (axis: unknown) => {
    if (!axis || typeof axis !== 'object' || Array.isArray(axis)) return axis;
    const a = axis as Record<string, unknown>;
    // Value axes count in the reader's locale (1.200 / 1,200 / 12K) unless the chart says otherwise.
    const label = { color: text, hideOverlap: true, ...(a['type'] === 'value' ? { formatter: (v: number) => formatCompact(v) } : {}), ...((a['axisLabel'] as object) ?? {}) };
    return { axisLine: { lineStyle: { color: line } }, splitLine: { lineStyle: { color: line } }, ...a, axisLabel: label };
  };
  const o = option as Record<string, unknown>;
  return { ...option, xAxis: Array.isArray(o['xAxis']) ? (o['xAxis'] as unknown[]).map(fix) : fix(o['xAxis']), yAxis: Array.isArray(o['yAxis']) ? (o['yAxis'] as unknown[]).map(fix) : fix(o['yAxis']) };
}

/** One chart in the portal's visual language; `options` carries only the data and its series. */
@Component({
  selector: 'app-chart',
  imports: [NgxEchartsDirective],
  template: `<div echarts class="chart" [style.height.px]="height()" [options]="merged()" [initOpts]="initOpts" [attr.aria-label]="label()" role="img"></div>`,
  styles: `.chart { width: 100%; }`,
})
export class Chart {
  private readonly theme = inject(ThemeService);
  readonly options = input.required<EChartsCoreOption>();
  readonly height = input(260);
  readonly label = input('Chart');
  /** Users who asked their system for less motion get charts that appear without transitions. */
  private readonly reducedMotion = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  protected readonly initOpts = { renderer: 'canvas' as const, locale: userLocale().startsWith('de') ? 'DE' : 'EN' };
  protected readonly merged = computed(() => {
    const dark = this.theme.theme() === 'dark';
    const base = chartBase(dark, this.reducedMotion);
    const o = themedAxes(this.options(), dark) as Record<string, unknown>;
    return { ...base, ...o, tooltip: { ...(base['tooltip'] as object), ...((o['tooltip'] as object) ?? {}) }, legend: { ...(base['legend'] as object), ...((o['legend'] as object) ?? {}) } };
  });
}
