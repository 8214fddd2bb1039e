/**
 * Published email-marketing benchmarks per industry, shipped with the product so a workspace can compare its own
 * rates without a network call.
 *
 * Source: Mailchimp, "Average Email Campaign Stats of MailChimp Customers by Industry", table "Updated March 2018"
 * (https://mailchimp.com/resources/research/email-marketing-benchmarks/). Mailchimp computed the averages over
 * campaigns of its customers sent to at least 1,000 subscribers, with tracking on, grouped by the industry the
 * customer reported. The columns are: open rate, click rate, soft bounce, hard bounce, abuse (complaint) rate and
 * unsubscribe rate, all in percent. Every figure below is copied as published, in percent, column for column; the
 * rows are the 25 industries of that table up to "Media and Publishing" (the published table goes on with further
 * industries, e.g. "Medical, Dental, and Healthcare", which are not shipped here because their figures could not
 * be checked against the source).
 *
 * The March 2018 table is the last Mailchimp edition with an abuse (complaint) column; the October 2019 edition
 * dropped it. Both predate Apple Mail Privacy Protection (iOS 15 / macOS Monterey, September 2021), so their open
 * rates count every pixel load: they are neither human-only nor inflated by Apple's proxy prefetch, and are not
 * comparable with a human-only open rate measured today. See BENCHMARK_OPEN_RATE_CAVEAT.
 */

export const BENCHMARK_SOURCE = {
  publisher: 'Mailchimp',
  title: 'Average Email Campaign Stats of MailChimp Customers by Industry',
  url: 'https://mailchimp.com/resources/research/email-marketing-benchmarks/',
  /** The edition as dated on the page ("Updated March 2018"). */
  edition: 'March 2018',
  publishedOn: '2018-03',
  method:
    'Averages over Mailchimp customer campaigns sent to at least 1,000 subscribers with tracking on, by the industry the customer reported.',
} as const;

/** Apple Mail Privacy Protection shipped with iOS 15 and macOS Monterey on 20 September 2021. */
export const APPLE_MPP_RELEASED_ON = '2021-09-20';

export const BENCHMARK_OPEN_RATE_CAVEAT =
  'The published open rates date from March 2018, before Apple Mail Privacy Protection (September 2021), and count every ' +
  'tracking-pixel load, machine or human. Apple Mail now loads every pixel on delivery, so today’s all-opens rate is inflated ' +
  'and the human-only open rate Mailpulse shows is lower than a pre-2021 figure would be for the same audience. Compare the ' +
  'human-only open rate with care; the click rate is the steadier comparison.';

/** One industry's published averages, as fractions in [0, 1]; null where the source gives no figure. */
export interface IndustryBenchmark {
  /** Stable id for the API (`?industry=`), derived from the published name. */
  id: string;
  /** The industry as Mailchimp names it. */
  name: string;
  /** Unique opens / delivered (all opens, machine and human). */
  open: number | null;
  /** Unique clicks / delivered. */
  click: number | null;
  /** Hard + soft bounce (Mailchimp publishes no block class). */
  bounce: number | null;
  hardBounce: number | null;
  softBounce: number | null;
  unsubscribe: number | null;
  /** Mailchimp's "abuse rate": spam complaints. */
  complaint: number | null;
}

/** Published percentages to fractions, rounded to the precision they were published at (avoids 0.2109000001). */
function pct(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e5) / 1e7;
}

function row(
  id: string,
  name: string,
  openPct: number | null,
  clickPct: number | null,
  softBouncePct: number | null,
  hardBouncePct: number | null,
  abusePct: number | null,
  unsubscribePct: number | null,
): IndustryBenchmark {
  return {
    id,
    name,
    open: pct(openPct),
    click: pct(clickPct),
    bounce:
      softBouncePct === null || hardBouncePct === null
        ? null
        : pct(Math.round((softBouncePct + hardBouncePct) * 1e3) / 1e3),
    hardBounce: pct(hardBouncePct),
    softBounce: pct(softBouncePct),
    unsubscribe: pct(unsubscribePct),
    complaint: pct(abusePct),
  };
}

// row(id, name, open %, click %, soft bounce %, hard bounce %, abuse %, unsubscribe %) — the source's column order.
export const INDUSTRY_BENCHMARKS: readonly IndustryBenchmark[] = [
  row(
    'all-non-labeled-accounts',
    'All non-labeled accounts',
    21.09,
    2.61,
    0.61,
    0.39,
    0.012,
    0.23,
  ),
  row(
    'agriculture-and-food-services',
    'Agriculture and Food Services',
    23.12,
    2.69,
    0.57,
    0.36,
    0.012,
    0.29,
  ),
  row(
    'architecture-and-construction',
    'Architecture and Construction',
    23.13,
    2.55,
    1.39,
    0.91,
    0.014,
    0.35,
  ),
  row(
    'arts-and-artists',
    'Arts and Artists',
    26.03,
    2.66,
    0.57,
    0.34,
    0.012,
    0.29,
  ),
  row(
    'beauty-and-personal-care',
    'Beauty and Personal Care',
    17.01,
    1.76,
    0.38,
    0.28,
    0.013,
    0.31,
  ),
  row(
    'business-and-finance',
    'Business and Finance',
    20.47,
    2.59,
    0.63,
    0.46,
    0.01,
    0.21,
  ),
  row(
    'computers-and-electronics',
    'Computers and Electronics',
    19.39,
    1.98,
    0.92,
    0.54,
    0.012,
    0.29,
  ),
  row('construction', 'Construction', 21.01, 2.03, 1.38, 0.98, 0.018, 0.4),
  row('consulting', 'Consulting', 18.96, 2.15, 0.88, 0.58, 0.011, 0.28),
  row(
    'creative-services-agency',
    'Creative Services/Agency',
    21.59,
    2.51,
    1.02,
    0.7,
    0.012,
    0.37,
  ),
  row(
    'daily-deals-e-coupons',
    'Daily Deals/E-Coupons',
    14.92,
    2.3,
    0.12,
    0.07,
    0.005,
    0.1,
  ),
  row('ecommerce', 'ecommerce', 15.66, 2.07, 0.31, 0.19, 0.011, 0.24),
  row(
    'education-and-training',
    'Education and Training',
    21.8,
    2.48,
    0.54,
    0.37,
    0.009,
    0.2,
  ),
  row(
    'entertainment-and-events',
    'Entertainment and Events',
    20.41,
    2.19,
    0.48,
    0.32,
    0.009,
    0.28,
  ),
  row('gambling', 'Gambling', 18.47, 3.15, 0.42, 0.42, 0.013, 0.14),
  row('games', 'Games', 19.71, 3.19, 0.47, 0.39, 0.013, 0.24),
  row('government', 'Government', 26.52, 3.65, 0.49, 0.34, 0.006, 0.13),
  row(
    'health-and-fitness',
    'Health and Fitness',
    20.06,
    2.18,
    0.41,
    0.33,
    0.013,
    0.37,
  ),
  row('hobbies', 'Hobbies', 27.35, 4.78, 0.33, 0.19, 0.013, 0.23),
  row(
    'home-and-garden',
    'Home and Garden',
    22.21,
    3.02,
    0.57,
    0.35,
    0.016,
    0.36,
  ),
  row('insurance', 'Insurance', 20.99, 2.09, 0.75, 0.72, 0.016, 0.25),
  row('legal', 'Legal', 21.14, 2.71, 0.75, 0.54, 0.01, 0.22),
  row('manufacturing', 'Manufacturing', 20.51, 2.18, 1.3, 0.83, 0.015, 0.35),
  row(
    'marketing-and-advertising',
    'Marketing and Advertising',
    16.48,
    1.74,
    0.71,
    0.47,
    0.01,
    0.26,
  ),
  row(
    'media-and-publishing',
    'Media and Publishing',
    21.92,
    4.55,
    0.29,
    0.15,
    0.005,
    0.12,
  ),
];

/** The industry shown when none is chosen: Mailchimp's accounts that gave no industry. */
export const DEFAULT_BENCHMARK_INDUSTRY = 'all-non-labeled-accounts';

export function findIndustryBenchmark(
  id: string,
): IndustryBenchmark | undefined {
  return INDUSTRY_BENCHMARKS.find((b) => b.id === id);
}
