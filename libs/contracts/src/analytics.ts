import type { MessageCounts, Rates, VerdictVariant } from '@mailpulse/metrics';
import type { IndustryBenchmark } from '@mailpulse/metrics';

/**
 * Request and response types of the analytics API (`/v1`, read key or session, role viewer or above).
 * Times are ISO 8601 strings in UTC. Rates are fractions in [0, 1] or null when their denominator is 0; they are
 * defined once in `@mailpulse/metrics` (see its README). Unless a request says otherwise, engagement is shown for
 * the `human` verdict.
 *
 * Errors: `{ error: { code, message, field? } }`; 400 names the bad field (`field: "bucket"`, message "bucket: must
 * be one of minute, hour, day"), 404 for an unknown campaign or one of another workspace.
 */
export type {
  BounceCounts,
  EngagementByVerdict,
  EngagementCount,
  MessageCounts,
  RateByVerdict,
  Rates,
  UniqueTotalRate,
  VerdictVariant,
} from '@mailpulse/metrics';

export const TIME_BUCKETS = ['minute', 'hour', 'day'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

/** Counts and rates of one slice (workspace, campaign, variant, domain, period). */
export interface CountsAndRates {
  counts: MessageCounts;
  rates: Rates;
}

// ---------------------------------------------------------------------------------------------------------------
// GET /v1/overview
// ---------------------------------------------------------------------------------------------------------------

/**
 * Counts of a period are its events (e.g. `sent` = email.sent events, bounces = bounce events by class,
 * conversions and revenue = every conversion event); unique opens and clicks are the messages first opened or
 * clicked in the period.
 */
export interface OverviewPeriod extends CountsAndRates {
  from: string;
  to: string;
  /** Distinct contacts with any event in the period. */
  activeContacts: number;
}

export interface LiveKpis {
  /** The live window: the last `minutes` minutes up to `to`. */
  from: string;
  to: string;
  minutes: number;
  /** Events per type in the window, e.g. { "email.opened": 12 } (all verdicts). */
  counts: Record<string, number>;
  /** Events per minute over the window, all types. */
  eventsPerMinute: number;
  /** Distinct contacts active in the window (approximate with Redis). */
  activeContacts: number;
  /** 'redis' or 'memory'. */
  source: string;
}

export interface OverviewResponse {
  generatedAt: string;
  /** Since 00:00 UTC today. */
  today: OverviewPeriod;
  last24h: OverviewPeriod;
  live: LiveKpis;
}

/** Query: GET /v1/overview?liveMinutes=5 (1..60). */
export interface OverviewQuery {
  liveMinutes?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// GET /v1/timeseries
// ---------------------------------------------------------------------------------------------------------------

/**
 * Counted metrics: each the number of events of that kind (engagement per the verdict filter), revenue the sum of
 * conversion amounts. Rate metrics: the ratio of two counted metrics in the same bucket (e.g. `open_rate` =
 * opens / delivered in that bucket), null when the bucket has no denominator.
 */
export const TIME_SERIES_METRICS = [
  'sent',
  'delivered',
  'deferred',
  'bounces',
  'opens',
  'clicks',
  'replies',
  'complaints',
  'unsubscribes',
  'conversions',
  'revenue',
  'delivery_rate',
  'bounce_rate',
  'open_rate',
  'click_rate',
  'click_to_open_rate',
  'complaint_rate',
  'unsubscribe_rate',
] as const;
export type TimeSeriesMetric = (typeof TIME_SERIES_METRICS)[number];

/** Query: GET /v1/timeseries?metric=opens&bucket=hour&from=…&to=…&campaignId=&variant=&domain=&verdict=human */
export interface TimeSeriesQuery {
  metric: TimeSeriesMetric;
  bucket: TimeBucket;
  /** Inclusive, ISO 8601. Defaults: to = now, from = to minus 24 h. */
  from?: string;
  /** Exclusive. */
  to?: string;
  campaignId?: string;
  variant?: string;
  /** Recipient domain, e.g. gmail.com. */
  domain?: string;
  /** human (default), machine or total. Applies to opens and clicks. */
  verdict?: VerdictVariant;
}

export interface TimeSeriesPoint {
  /** Start of the bucket. */
  t: string;
  value: number | null;
}

export interface TimeSeriesResponse {
  metric: TimeSeriesMetric;
  bucket: TimeBucket;
  from: string;
  to: string;
  verdict: VerdictVariant;
  filters: { campaignId?: string; variant?: string; domain?: string };
  /** One point per bucket in [from, to), zero-filled, oldest first. */
  points: TimeSeriesPoint[];
}

// ---------------------------------------------------------------------------------------------------------------
// Campaigns: GET /v1/campaigns, GET /v1/campaigns/compare, GET /v1/campaigns/:id, GET /v1/campaigns/:id/recipients,
// PUT /v1/campaigns/:id/cost (role analyst)
// ---------------------------------------------------------------------------------------------------------------

export const CAMPAIGN_SORT_FIELDS = [
  'lastActivity',
  'firstSent',
  'sent',
  'delivered',
  'deliveryRate',
  'openRate',
  'clickRate',
  'clickToOpenRate',
  'bounceRate',
  'complaintRate',
  'unsubscribeRate',
  'conversions',
  'revenue',
] as const;
export type CampaignSortField = (typeof CAMPAIGN_SORT_FIELDS)[number];

/** Query: GET /v1/campaigns?sort=lastActivity&order=desc&limit=50&offset=0&verdict=human */
export interface CampaignListQuery {
  sort?: CampaignSortField;
  order?: 'asc' | 'desc';
  /** 1..200, default 50. */
  limit?: number;
  offset?: number;
  verdict?: VerdictVariant;
}

/**
 * Campaign counts are messages (see `@mailpulse/metrics` counts): sent, delivered, bounced (latest bounce after the
 * latest delivery, by its class), opened, clicked, complained, unsubscribed; totals are every open and click;
 * conversions and revenue are those attributed to the campaign by last human click (ANALYTICS_ATTRIBUTION_WINDOW_DAYS).
 */
export interface CampaignSummary extends CountsAndRates {
  id: string;
  /** From campaign.created, when sent. */
  name: string | null;
  firstSentAt: string | null;
  lastActivityAt: string | null;
  variants: string[];
  /** Campaign cost when set (PUT /v1/campaigns/:id/cost). */
  cost: number | null;
}

export interface CampaignListResponse {
  items: CampaignSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** Query: GET /v1/campaigns/compare?ids=a,b,c (2..10 ids). Unknown ids → 404 naming them. */
export interface CampaignComparisonResponse {
  items: CampaignSummary[];
}

export interface FunnelStep {
  step: 'sent' | 'delivered' | 'opened' | 'clicked' | 'converted';
  /** Unique messages (conversions: attributed conversions). */
  count: number;
  /** count / sent (null when nothing was sent). */
  ofSent: number | null;
  /** count / previous step's count. */
  ofPrevious: number | null;
}

export interface LinkClicks {
  url: string;
  linkId: string | null;
  /** Messages that clicked the link (per verdict filter). */
  unique: number;
  total: number;
}

export interface DomainBreakdown extends CountsAndRates {
  domain: string;
}

export interface VariantBreakdown extends CountsAndRates {
  variant: string;
}

export interface CampaignDetailResponse {
  campaign: CampaignSummary;
  verdict: VerdictVariant;
  funnel: FunnelStep[];
  links: LinkClicks[];
  /** Top 50 recipient domains by sent. */
  domains: DomainBreakdown[];
  variants: VariantBreakdown[];
}

/** Query: GET /v1/campaigns/:id/recipients?action=opened|clicked&verdict=human&limit=50&cursor=… */
export interface CampaignRecipientsQuery {
  action: 'opened' | 'clicked';
  verdict?: VerdictVariant;
  limit?: number;
  cursor?: string;
}

export interface CampaignRecipient {
  messageId: string;
  contactEmail: string | null;
  contactExternalId: string | null;
  variant: string | null;
  recipientDomain: string | null;
  /** First open or click of the chosen verdict. */
  firstAt: string;
  openCount: number;
  clickCount: number;
}

export interface CampaignRecipientsResponse {
  items: CampaignRecipient[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Body: PUT /v1/campaigns/:id/cost */
export interface CampaignCostRequest {
  /** Total cost of the campaign in `currency`, >= 0. */
  cost: number;
  currency: string;
}

export interface CampaignCostResponse {
  campaignId: string;
  cost: number;
  currency: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------------------------
// GET /v1/campaigns/:id/ab-test
// ---------------------------------------------------------------------------------------------------------------

export const AB_TEST_METRICS = [
  'open',
  'click',
  'clickToOpen',
  'conversion',
] as const;
export type AbTestMetric = (typeof AB_TEST_METRICS)[number];

/** Query: GET /v1/campaigns/:id/ab-test?metric=open&verdict=human&control=A&confidence=0.95&lift=0.1&power=0.8 */
export interface AbTestQuery {
  /** Unique rate compared; default open. */
  metric?: AbTestMetric;
  verdict?: VerdictVariant;
  /** Control variant; default the first variant in name order. */
  control?: string;
  /** 0.8..0.999, default 0.95. */
  confidence?: number;
  /** Relative lift to detect for the sample size, default 0.1 (+10 %). */
  lift?: number;
  /** Default 0.8. */
  power?: number;
}

export interface AbTestVariantResult {
  variant: string;
  isControl: boolean;
  /** Delivered messages (for clickToOpen: unique opens). */
  trials: number;
  successes: number;
  rate: number | null;
  counts: MessageCounts;
  rates: Rates;
  /** Null for the control, or when there is nothing to test. */
  zTest: {
    difference: number;
    relativeLift: number | null;
    z: number;
    pValue: number;
    confidenceInterval: [number, number];
    significant: boolean;
  } | null;
  /** P(this variant's rate > control's), Beta(1,1) prior; null for the control. */
  probabilityToBeatControl: number | null;
}

export interface AbTestResponse {
  campaignId: string;
  metric: AbTestMetric;
  verdict: VerdictVariant;
  confidenceLevel: number;
  control: string;
  variants: AbTestVariantResult[];
  sampleSize: {
    lift: number;
    power: number;
    /** Trials needed per variant; null when the control rate is 0 or 1. */
    perVariant: number | null;
    /** Still needed by the smallest variant. */
    remaining: number | null;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Contacts: GET /v1/contacts/journey, GET /v1/contacts/lifecycle
// ---------------------------------------------------------------------------------------------------------------

/** Query: GET /v1/contacts/journey?email=… or ?externalId=… (&limit=500) */
export interface ContactJourneyQuery {
  email?: string;
  externalId?: string;
  limit?: number;
}

export interface JourneyEvent {
  id: string;
  type: string;
  /** email, campaign, user, infra or conversion. */
  family: string;
  occurredAt: string;
  campaignId: string | null;
  messageId: string | null;
  variant: string | null;
  verdict: string;
  amount: number | null;
  properties: Record<string, unknown>;
}

export interface ContactJourneyResponse {
  contact: { email: string | null; externalId: string | null };
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  campaigns: string[];
  /** Oldest first. */
  events: JourneyEvent[];
}

/** Query: GET /v1/contacts/lifecycle?from=YYYY-MM-DD&to=YYYY-MM-DD (at most 366 days) */
export interface LifecycleQuery {
  from?: string;
  to?: string;
}

/**
 * Per day: `new` contacts seen for the first time; `activated` contacts whose first meaningful action (a human
 * open or click, a reply, a conversion or a user.* event) happened that day; `active` contacts with a meaningful
 * action in the last 15 days; `inactive` contacts seen before but without a meaningful action for 15 days.
 */
export interface LifecycleDay {
  day: string;
  new: number;
  activated: number;
  active: number;
  inactive: number;
}

export interface LifecycleResponse {
  from: string;
  to: string;
  inactiveAfterDays: number;
  days: LifecycleDay[];
}

// ---------------------------------------------------------------------------------------------------------------
// GET /v1/revenue
// ---------------------------------------------------------------------------------------------------------------

/** Query: GET /v1/revenue?from=…&to=…&windowDays=7 (1..90; default the workspace setting, else 7) */
export interface RevenueQuery {
  from?: string;
  to?: string;
  windowDays?: number;
}

export interface CampaignRevenue {
  campaignId: string;
  conversions: number;
  revenue: number;
  cost: number | null;
  /** (revenue − cost) / cost; null without a cost or when the cost is 0. */
  roi: number | null;
}

export interface RevenueResponse {
  from: string;
  to: string;
  attributionWindowDays: number;
  totals: {
    conversions: number;
    revenue: number;
    attributedConversions: number;
    attributedRevenue: number;
  };
  /** By attributed revenue, highest first. */
  campaigns: CampaignRevenue[];
}

// ---------------------------------------------------------------------------------------------------------------
// GET /v1/events (explorer; POST /v1/events is ingestion) and GET /v1/dead-letters
// ---------------------------------------------------------------------------------------------------------------

/** Query: GET /v1/events?type=email.opened&campaignId=&messageId=&contact=&from=&to=&limit=100&cursor= */
export interface EventExplorerQuery {
  /** One type or a comma-separated list. */
  type?: string;
  campaignId?: string;
  messageId?: string;
  /** Contact email or external id. */
  contact?: string;
  from?: string;
  to?: string;
  /** 1..500, default 100. */
  limit?: number;
  cursor?: string;
}

export interface ExplorerEvent {
  id: string;
  type: string;
  occurredAt: string;
  receivedAt: string;
  campaignId: string | null;
  messageId: string | null;
  contactEmail: string | null;
  contactExternalId: string | null;
  recipientDomain: string | null;
  variant: string | null;
  verdict: string;
  amount: number | null;
  properties: Record<string, unknown>;
}

export interface EventExplorerResponse {
  /** Newest first. */
  items: ExplorerEvent[];
  nextCursor: string | null;
}

/** Query: GET /v1/dead-letters?source=&limit=100&cursor= */
export interface DeadLetterQuery {
  source?: string;
  limit?: number;
  cursor?: string;
}

export interface DeadLetterItem {
  id: string;
  source: string;
  reason: string;
  field: string | null;
  payload: unknown;
  raw: string | null;
  receivedAt: string;
}

export interface DeadLetterResponse {
  /** Newest first. */
  items: DeadLetterItem[];
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// GET /v1/deliverability
// ---------------------------------------------------------------------------------------------------------------

/** Query: GET /v1/deliverability?from=…&to=…&minVolume=1000 (default from = 30 days ago) */
export interface DeliverabilityQuery {
  from?: string;
  to?: string;
  minVolume?: number;
}

/** `insufficient-volume` below the minimum volume: too few messages to judge. */
export type ThresholdStatus =
  | 'ok'
  | 'warn'
  | 'critical'
  | 'insufficient-volume';

export interface DeliverabilityDomain {
  domain: string;
  sent: number;
  delivered: number;
  bounces: { hard: number; soft: number; block: number };
  bounceRate: number | null;
  complaints: number;
  complaintRate: number | null;
}

export interface DeliverabilityResponse {
  from: string;
  to: string;
  minVolume: number;
  sent: number;
  delivered: number;
  bounces: { hard: number; soft: number; block: number; total: number };
  bounceRate: number | null;
  complaints: number;
  complaintRate: number | null;
  /** Gmail's sender guidelines: complaint rate 0.1 % warn, 0.3 % critical. */
  gmail: {
    complaintRate: number | null;
    warnAt: number;
    criticalAt: number;
    status: ThresholdStatus;
  };
  /** Amazon SES puts an account under review at bounce 5 % or complaint 0.1 %. */
  ses: {
    bounceRate: number | null;
    complaintRate: number | null;
    bounceReviewAt: number;
    complaintReviewAt: number;
    bounceStatus: ThresholdStatus;
    complaintStatus: ThresholdStatus;
  };
  /** Sorted by sent, highest first (top 100). */
  domains: DeliverabilityDomain[];
}

// ---------------------------------------------------------------------------------------------------------------
// GET /v1/benchmarks
// ---------------------------------------------------------------------------------------------------------------

export type { IndustryBenchmark };

/** Query: GET /v1/benchmarks?industry=government&from=&to= (range default 30 days, at most 400). */
export interface BenchmarksQuery {
  /** An `IndustryBenchmark.id`; default `all-non-labeled-accounts`. */
  industry?: string;
  from?: string;
  to?: string;
}

/** The workspace's rates over the range, in the same definitions as the benchmark (fractions, null = no data). */
export interface WorkspaceBenchmarkRates {
  /** Messages opened by a human / delivered: the honest figure, machine opens (Apple MPP, scanners) excluded. */
  humanOpen: number | null;
  /** Messages opened / delivered, every verdict: what pre-2021 benchmarks measured, now inflated by MPP. */
  allOpen: number | null;
  /** Messages clicked by a human / delivered. */
  click: number | null;
  /** Bounced messages (hard + soft + block) / sent. */
  bounce: number | null;
  hardBounce: number | null;
  softBounce: number | null;
  unsubscribe: number | null;
  complaint: number | null;
}

export interface BenchmarksResponse {
  from: string;
  to: string;
  industry: IndustryBenchmark;
  /** Every shipped industry, for a picker. */
  industries: { id: string; name: string }[];
  source: BenchmarkSource;
  workspace: CountsAndRates & { compared: WorkspaceBenchmarkRates };
  /** Says the published open rates predate Apple Mail Privacy Protection (September 2021). */
  openRateCaveat: string;
  /** The date Apple Mail Privacy Protection shipped (ISO date). */
  applePrivacyProtectionSince: string;
}

export interface BenchmarkSource {
  publisher: string;
  title: string;
  url: string;
  edition: string;
  publishedOn: string;
  method: string;
}
