import * as echarts from 'echarts';

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
  kind?: 'line' | 'bar';
  /** Plotted against the right-hand axis (e.g. a rate beside counts). */
  rightAxis?: boolean;
}

export interface LineChart {
  title: string;
  labels: string[];
  series: ChartSeries[];
  /** Axis labels as percentages (values are fractions). */
  percent?: boolean;
  rightPercent?: boolean;
  /** Horizontal reference lines, e.g. an alert threshold. */
  marks?: Array<{ label: string; value: number }>;
}

const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2'];
const pct = (v: number) => `${parseFloat((v * 100).toPrecision(3))} %`;

/**
 * A chart as an SVG string, rendered server-side by ECharts (no browser, no canvas), for the PDF reports.
 * Animation is off and the instance is disposed, so nothing keeps running after the string is made.
 */
export function renderChartSvg(chart: LineChart, height = 220, width = 515): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const hasRight = chart.series.some((s) => s.rightAxis);
    instance.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: 'Helvetica', fontSize: 9 },
      title: { text: chart.title, left: 0, top: 0, textStyle: { fontSize: 11, fontWeight: 'bold', fontFamily: 'Helvetica' } },
      legend: { top: 0, right: 0, textStyle: { fontSize: 9 }, itemWidth: 14, itemHeight: 8 },
      grid: { left: 8, right: hasRight ? 8 : 16, top: 34, bottom: 6, containLabel: true },
      xAxis: { type: 'category', data: chart.labels, axisLabel: { fontSize: 8, hideOverlap: true }, axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: 'value', axisLabel: { fontSize: 8, formatter: chart.percent ? pct : undefined }, splitLine: { lineStyle: { color: '#e5e7eb' } } },
        ...(hasRight ? [{ type: 'value', axisLabel: { fontSize: 8, formatter: chart.rightPercent ? pct : undefined }, splitLine: { show: false } }] : []),
      ],
      series: chart.series.map((s, i) => ({
        name: s.name,
        type: s.kind ?? 'line',
        yAxisIndex: s.rightAxis ? 1 : 0,
        data: s.values,
        // Buckets without a denominator are null: join the points around them and mark each point, so a
        // rate with gaps (days without deliveries) is still drawn.
        connectNulls: true,
        showSymbol: chart.labels.length <= 48,
        symbolSize: 4,
        lineStyle: { width: 1.5 },
        barMaxWidth: 18,
        ...(i === 0 && chart.marks?.length
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed', color: '#dc2626', width: 1 },
                label: { fontSize: 8, formatter: (p: { name: string }) => p.name, position: 'insideEndTop' },
                data: chart.marks.map((m) => ({ name: m.label, yAxis: m.value })),
              },
            }
          : {}),
      })),
    });
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}
