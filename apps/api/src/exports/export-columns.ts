import type { CampaignSummary } from '@mailpulse/contracts';
import type { CsvColumn } from './csv-export';
import type { ExportRow } from './export.repository';

/** Columns named as the query names them: header = column. */
export function sameNameColumns(names: string[]): CsvColumn<ExportRow>[] {
  return names.map((name) => ({ header: name, value: (row) => row[name] }));
}

export const EVENT_COLUMNS = sameNameColumns([
  'id', 'type', 'occurred_at', 'received_at', 'campaign_id', 'message_id', 'contact_email', 'contact_external_id',
  'recipient_domain', 'variant', 'verdict', 'amount', 'client', 'os', 'device', 'properties',
]);

export const CONTACT_COLUMNS = sameNameColumns([
  'contact', 'contact_email', 'contact_external_id', 'messages', 'delivered', 'bounced', 'opened_human', 'opened_any',
  'clicked_human', 'clicked_any', 'opens', 'clicks', 'replied', 'complained', 'unsubscribed', 'last_human_open_at', 'last_activity_at',
]);

export const BOUNCE_COLUMNS = sameNameColumns([
  'occurred_at', 'event_id', 'message_id', 'campaign_id', 'variant', 'contact_email', 'contact_external_id', 'recipient_domain',
  'bounce_class', 'smtp_code', 'reason',
]);

export const COMPLAINT_COLUMNS = sameNameColumns([
  'occurred_at', 'event_id', 'message_id', 'campaign_id', 'variant', 'contact_email', 'contact_external_id', 'recipient_domain', 'feedback_type',
]);

/** Campaign metrics: counts, then the rates @mailpulse/metrics defines (human engagement, unique messages). */
export const CAMPAIGN_COLUMNS: CsvColumn<CampaignSummary>[] = [
  { header: 'campaign_id', value: (c) => c.id },
  { header: 'name', value: (c) => c.name },
  { header: 'first_sent_at', value: (c) => c.firstSentAt },
  { header: 'last_activity_at', value: (c) => c.lastActivityAt },
  { header: 'variants', value: (c) => c.variants.join(' ') },
  { header: 'sent', value: (c) => c.counts.sent },
  { header: 'delivered', value: (c) => c.counts.delivered },
  { header: 'hard_bounces', value: (c) => c.counts.bounces.hard },
  { header: 'soft_bounces', value: (c) => c.counts.bounces.soft },
  { header: 'block_bounces', value: (c) => c.counts.bounces.block },
  { header: 'opened_human', value: (c) => c.counts.opens.human.unique },
  { header: 'opened_machine', value: (c) => c.counts.opens.machine.unique },
  { header: 'clicked_human', value: (c) => c.counts.clicks.human.unique },
  { header: 'complaints', value: (c) => c.counts.complaints },
  { header: 'unsubscribes', value: (c) => c.counts.unsubscribes },
  { header: 'conversions', value: (c) => c.counts.conversions },
  { header: 'revenue', value: (c) => c.counts.revenue },
  { header: 'cost', value: (c) => c.cost },
  { header: 'delivery_rate', value: (c) => c.rates.delivery },
  { header: 'bounce_rate', value: (c) => c.rates.bounce },
  { header: 'hard_bounce_rate', value: (c) => c.rates.hardBounce },
  { header: 'open_rate_human', value: (c) => c.rates.open.human.unique },
  { header: 'click_rate_human', value: (c) => c.rates.click.human.unique },
  { header: 'click_to_open_rate_human', value: (c) => c.rates.clickToOpen.human.unique },
  { header: 'complaint_rate', value: (c) => c.rates.complaint },
  { header: 'unsubscribe_rate', value: (c) => c.rates.unsubscribe },
  { header: 'conversion_rate', value: (c) => c.rates.conversion },
];
