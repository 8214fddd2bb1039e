import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { CampaignSummary, CountsAndRates, TimeBucket, TimeSeriesMetric } from '@mailpulse/contracts';
import { CampaignsService } from '../analytics/campaigns/campaigns.service';
import { OverviewService } from '../analytics/overview/overview.service';
import { TimeSeriesService } from '../analytics/timeseries/timeseries.service';
import { RecommendationService, type Recommendation } from '../predictions/recommendation.service';
import { renderChartSvg } from './chart-svg';
import { PdfWriter } from './pdf-writer';
import { formatCount, formatDay, formatMoney, formatRate, formatTime, winAnsi } from './report-format';
import { ReportRepository } from './report.repository';

const DAY_MS = 86_400_000;

export interface RenderedReport {
  filename: string;
  pdf: Buffer;
  /** One line for an email body: what the report covers, with the headline numbers. */
  headline: string;
}

function kpiTiles(c: CountsAndRates): Array<{ label: string; value: string; note?: string }> {
  const { counts: n, rates: r } = c;
  return [
    { label: 'Sent', value: formatCount(n.sent) },
    { label: 'Delivered', value: formatCount(n.delivered), note: `${formatRate(r.delivery)} of sent` },
    { label: 'Hard bounces', value: formatCount(n.bounces.hard), note: `${formatRate(r.hardBounce)} of sent` },
    { label: 'All bounces', value: formatCount(n.bounces.hard + n.bounces.soft + n.bounces.block), note: `${formatRate(r.bounce)} of sent` },
    { label: 'Opened (people)', value: formatCount(n.opens.human.unique), note: `${formatRate(r.open.human.unique)} of delivered` },
    { label: 'Clicked (people)', value: formatCount(n.clicks.human.unique), note: `${formatRate(r.click.human.unique)} of delivered` },
    { label: 'Complaints', value: formatCount(n.complaints), note: `${formatRate(r.complaint)} of delivered` },
    { label: 'Unsubscribes', value: formatCount(n.unsubscribes), note: `${formatRate(r.unsubscribe)} of delivered` },
    { label: 'Machine opens', value: formatCount(n.opens.machine.unique), note: 'prefetch, proxies, scanners' },
    { label: 'Conversions', value: formatCount(n.conversions), note: `${formatRate(r.conversion)} of delivered` },
    { label: 'Revenue', value: formatMoney(n.revenue) },
  ];
}

/**
 * The PDF reports: a workspace summary over a range and one campaign, with KPI tiles, charts rendered
 * server-side (ECharts SVG drawn into the PDF), campaign tables, the period's anomalies, alerts and recommendations.
 */
@Injectable()
export class ReportService {
  private readonly logger = new Logger('reports');

  constructor(
    private readonly overview: OverviewService,
    private readonly timeseries: TimeSeriesService,
    private readonly campaigns: CampaignsService,
    private readonly repo: ReportRepository,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Recommendations when the predictions feature is part of this application; none otherwise. */
  private async recommendations(workspaceId: string, now: Date): Promise<Recommendation[]> {
    let service: RecommendationService;
    try {
      service = this.moduleRef.get(RecommendationService, { strict: false });
    } catch {
      return [];
    }
    try {
      return await service.forWorkspace(workspaceId, now);
    } catch (err) {
      this.logger.warn(`recommendations left out of the report: ${(err as Error).message}`);
      return [];
    }
  }

  private async series(workspaceId: string, metric: TimeSeriesMetric, bucket: TimeBucket, from: Date, to: Date, campaignId?: string) {
    return (await this.timeseries.series(workspaceId, { metric, bucket, from, to, verdict: 'human', campaignId })).points;
  }

  async summary(workspaceId: string, from: Date, to: Date, now = new Date()): Promise<RenderedReport> {
    const bucket: TimeBucket = to.getTime() - from.getTime() <= 2 * DAY_MS ? 'hour' : 'day';
    const [name, period, sent, delivered, opens, clicks, complaintRate, hardBounceRate, anomalies, alerts, allCampaigns, recommendations] = await Promise.all([
      this.repo.workspaceName(workspaceId),
      this.overview.period(workspaceId, from, to),
      this.series(workspaceId, 'sent', bucket, from, to),
      this.series(workspaceId, 'delivered', bucket, from, to),
      this.series(workspaceId, 'opens', bucket, from, to),
      this.series(workspaceId, 'clicks', bucket, from, to),
      this.series(workspaceId, 'complaint_rate', bucket, from, to),
      this.series(workspaceId, 'bounce_rate', bucket, from, to),
      this.repo.anomalies(workspaceId, from, to),
      this.repo.alerts(workspaceId, from, to),
      this.campaigns.summaries(workspaceId),
      this.recommendations(workspaceId, now),
    ]);
    const label = (t: string) => (bucket === 'hour' ? t.slice(5, 13).replace('T', ' ') + 'h' : t.slice(5, 10));
    const labels = sent.map((p) => label(p.t));
    const campaigns = allCampaigns
      .filter((c) => c.firstSentAt !== null && c.firstSentAt >= from.toISOString() && c.firstSentAt < to.toISOString())
      .sort((a, b) => b.counts.sent - a.counts.sent);
    const range = `${formatTime(from)} – ${formatTime(to)} UTC`;

    const w = new PdfWriter(`Mailpulse summary ${name}`, winAnsi(`Mailpulse · ${name} · ${range} · generated ${formatTime(now)} UTC`));
    w.title('Workspace summary', winAnsi(`${name} · ${range}`));
    w.heading('Key figures').kpis(kpiTiles(period));
    w.paragraph('Opens and clicks count people: machine opens (Apple Mail Privacy Protection prefetch, image proxies, link scanners) are shown apart. Rates are over delivered messages, bounce rates over sent.', true);
    w.heading(`Volume per ${bucket}`, 230);
    w.chart(
      renderChartSvg({
        title: 'Messages and engagement',
        labels,
        series: [
          { name: 'Sent', values: sent.map((p) => p.value), kind: 'bar' },
          { name: 'Delivered', values: delivered.map((p) => p.value) },
          { name: 'Opens (people)', values: opens.map((p) => p.value) },
          { name: 'Clicks (people)', values: clicks.map((p) => p.value) },
        ],
      }),
    );
    w.heading('Deliverability', 210);
    w.chart(
      renderChartSvg({
        title: 'Complaint and bounce rates',
        labels,
        percent: true,
        series: [
          { name: 'Complaint rate', values: complaintRate.map((p) => p.value) },
          { name: 'Bounce rate', values: hardBounceRate.map((p) => p.value) },
        ],
        marks: [{ label: 'complaint warning 0.1 %', value: 0.001 }],
      }, 200),
      200,
    );
    w.heading(`Campaigns started in the period (${campaigns.length})`);
    w.table(
      [
        { header: 'Campaign', width: 30 },
        { header: 'First sent', width: 15 },
        { header: 'Sent', width: 9, align: 'right' },
        { header: 'Delivered', width: 10, align: 'right' },
        { header: 'Opened', width: 9, align: 'right' },
        { header: 'Clicked', width: 9, align: 'right' },
        { header: 'Complaints', width: 10, align: 'right' },
        { header: 'Hard bounces', width: 10, align: 'right' },
      ],
      campaigns.slice(0, 15).map((c) => [
        winAnsi(c.name ?? c.id),
        c.firstSentAt ? formatTime(c.firstSentAt) : '',
        formatCount(c.counts.sent),
        formatRate(c.rates.delivery),
        formatRate(c.rates.open.human.unique),
        formatRate(c.rates.click.human.unique),
        formatRate(c.rates.complaint),
        formatRate(c.rates.hardBounce),
      ]),
      'No campaign started in this period.',
    );
    if (campaigns.length > 15) w.paragraph(`… and ${campaigns.length - 15} more (the campaign metrics export has them all).`, true);
    w.heading(`Anomalies (${anomalies.length})`);
    w.table(
      [
        { header: 'Hour (UTC)', width: 18 },
        { header: 'Metric', width: 18 },
        { header: 'Domain', width: 18 },
        { header: 'Observed', width: 12, align: 'right' },
        { header: 'Expected range', width: 20, align: 'right' },
        { header: 'Severity', width: 12 },
      ],
      anomalies.map((a) => {
        const asRate = a.metric.endsWith('_rate');
        const f = (v: number) => (asRate ? formatRate(v) : formatCount(v));
        return [formatTime(a.bucket), a.metric, a.recipientDomain || 'all', f(a.observed), `${f(a.lowerBound)} – ${f(a.upperBound)}`, a.severity];
      }),
      'No anomaly was detected in this period.',
    );
    w.heading(`Alerts (${alerts.length})`);
    w.table(
      [
        { header: 'Opened (UTC)', width: 16 },
        { header: 'Rule', width: 18 },
        { header: 'Severity', width: 10 },
        { header: 'What happened', width: 42 },
        { header: 'Resolved', width: 16 },
      ],
      alerts.map((a) => [formatTime(a.openedAt), winAnsi(a.subject ? `${a.ruleName} (${a.subject})` : a.ruleName), a.severity, winAnsi(a.summary), a.resolvedAt ? formatTime(a.resolvedAt) : 'still firing']),
      'No alert was raised in this period.',
    );
    if (recommendations.length) {
      w.heading('Recommendations');
      w.table(
        [
          { header: 'Priority', width: 12 },
          { header: 'Recommendation', width: 88 },
        ],
        recommendations.map((r) => [r.priority, winAnsi(r.message)]),
      );
    }
    const c = period.counts;
    return {
      filename: `mailpulse-summary-${formatDay(from)}-${formatDay(new Date(to.getTime() - 1))}.pdf`,
      pdf: await w.finish(),
      headline: `${name}, ${range}: ${formatCount(c.sent)} sent, ${formatRate(period.rates.delivery)} delivered, ${formatRate(period.rates.open.human.unique)} opened, ${formatRate(period.rates.complaint)} complaints, ${formatRate(period.rates.hardBounce)} hard bounces; ${anomalies.length} anomalies, ${alerts.length} alerts.`,
    };
  }

  async campaign(workspaceId: string, campaignId: string, now = new Date()): Promise<RenderedReport> {
    const [name, detail] = await Promise.all([this.repo.workspaceName(workspaceId), this.campaigns.detail(workspaceId, campaignId, 'human')]);
    const c: CampaignSummary = detail.campaign;
    const start = c.firstSentAt ? new Date(Math.floor(Date.parse(c.firstSentAt) / 3_600_000) * 3_600_000) : new Date(now.getTime() - 3 * DAY_MS);
    const end = new Date(Math.min(now.getTime(), start.getTime() + 3 * DAY_MS));
    const [sent, opens, clicks, anomalies] = await Promise.all([
      this.series(workspaceId, 'sent', 'hour', start, end, campaignId),
      this.series(workspaceId, 'opens', 'hour', start, end, campaignId),
      this.series(workspaceId, 'clicks', 'hour', start, end, campaignId),
      this.repo.anomalies(workspaceId, start, end),
    ]);
    const title = c.name ?? c.id;
    const w = new PdfWriter(`Mailpulse campaign ${title}`, winAnsi(`Mailpulse · ${name} · campaign ${c.id} · generated ${formatTime(now)} UTC`));
    w.title(winAnsi(`Campaign: ${title}`), winAnsi(`${name} · id ${c.id} · first sent ${c.firstSentAt ? formatTime(c.firstSentAt) + ' UTC' : 'not yet'}${c.variants.length ? ` · variants ${c.variants.join(', ')}` : ''}`));
    w.heading('Key figures').kpis(kpiTiles(c));
    w.heading('Funnel', 190);
    w.chart(
      renderChartSvg({
        title: 'Unique messages at each step (people)',
        labels: detail.funnel.map((s) => s.step),
        series: [{ name: 'Messages', values: detail.funnel.map((s) => s.count), kind: 'bar' }],
      }, 180),
      180,
    );
    w.heading('The first three days, per hour', 230);
    w.chart(
      renderChartSvg({
        title: 'Sends (bars, left) · opens and clicks (lines, right)',
        labels: sent.map((p) => p.t.slice(5, 13).replace('T', ' ') + 'h'),
        series: [
          { name: 'Sent', values: sent.map((p) => p.value), kind: 'bar' },
          { name: 'Opens', values: opens.map((p) => p.value), rightAxis: true },
          { name: 'Clicks', values: clicks.map((p) => p.value), rightAxis: true },
        ],
      }),
    );
    const breakdownColumns = (first: string) => [
      { header: first, width: 24 },
      { header: 'Sent', width: 11, align: 'right' as const },
      { header: 'Delivered', width: 11, align: 'right' as const },
      { header: 'Opened', width: 11, align: 'right' as const },
      { header: 'Clicked', width: 11, align: 'right' as const },
      { header: 'Complaints', width: 11, align: 'right' as const },
      { header: 'Hard bounces', width: 11, align: 'right' as const },
    ];
    const breakdownRow = (label: string, b: CountsAndRates) => [
      winAnsi(label),
      formatCount(b.counts.sent),
      formatRate(b.rates.delivery),
      formatRate(b.rates.open.human.unique),
      formatRate(b.rates.click.human.unique),
      formatRate(b.rates.complaint),
      formatRate(b.rates.hardBounce),
    ];
    if (detail.variants.length > 1) {
      w.heading('Variants');
      w.table(breakdownColumns('Variant'), detail.variants.map((v) => breakdownRow(v.variant, v)));
    }
    w.heading('Recipient domains (top 10 by sent)');
    w.table(breakdownColumns('Domain'), detail.domains.slice(0, 10).map((d) => breakdownRow(d.domain, d)));
    w.heading('Links (top 10, people)');
    w.table(
      [
        { header: 'Link', width: 76 },
        { header: 'Clicked by', width: 12, align: 'right' },
        { header: 'Clicks', width: 12, align: 'right' },
      ],
      detail.links.slice(0, 10).map((l) => [winAnsi(l.url), formatCount(l.unique), formatCount(l.total)]),
      'No link was clicked.',
    );
    w.heading(`Anomalies while it was sent and read (${anomalies.length})`);
    w.table(
      [
        { header: 'Hour (UTC)', width: 22 },
        { header: 'Metric', width: 22 },
        { header: 'Domain', width: 22 },
        { header: 'Observed', width: 17, align: 'right' },
        { header: 'Severity', width: 17 },
      ],
      anomalies.map((a) => [formatTime(a.bucket), a.metric, a.recipientDomain || 'all', a.metric.endsWith('_rate') ? formatRate(a.observed) : formatCount(a.observed), a.severity]),
      'No anomaly was detected in those days.',
    );
    return {
      filename: `mailpulse-campaign-${c.id.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`,
      pdf: await w.finish(),
      headline: `${title}: ${formatCount(c.counts.sent)} sent, ${formatRate(c.rates.open.human.unique)} opened, ${formatRate(c.rates.click.human.unique)} clicked.`,
    };
  }
}
