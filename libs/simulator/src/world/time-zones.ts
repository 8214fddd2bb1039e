export interface TimeZone {
  readonly name: string;
  /** Standard offset from UTC in minutes. Daylight saving is ignored: the model needs a stable local clock, not a calendar. */
  readonly offsetMinutes: number;
  readonly share: number;
  readonly region: 'europe' | 'americas' | 'asia-pacific';
}

export const TIME_ZONES: readonly TimeZone[] = [
  { name: 'Europe/Berlin', offsetMinutes: 60, share: 0.3, region: 'europe' },
  { name: 'Europe/Paris', offsetMinutes: 60, share: 0.12, region: 'europe' },
  { name: 'Europe/London', offsetMinutes: 0, share: 0.12, region: 'europe' },
  { name: 'Europe/Madrid', offsetMinutes: 60, share: 0.08, region: 'europe' },
  {
    name: 'Europe/Helsinki',
    offsetMinutes: 120,
    share: 0.06,
    region: 'europe',
  },
  {
    name: 'America/New_York',
    offsetMinutes: -300,
    share: 0.12,
    region: 'americas',
  },
  {
    name: 'America/Chicago',
    offsetMinutes: -360,
    share: 0.05,
    region: 'americas',
  },
  {
    name: 'America/Los_Angeles',
    offsetMinutes: -480,
    share: 0.06,
    region: 'americas',
  },
  {
    name: 'Asia/Singapore',
    offsetMinutes: 480,
    share: 0.04,
    region: 'asia-pacific',
  },
  {
    name: 'Asia/Kolkata',
    offsetMinutes: 330,
    share: 0.03,
    region: 'asia-pacific',
  },
  {
    name: 'Australia/Sydney',
    offsetMinutes: 600,
    share: 0.02,
    region: 'asia-pacific',
  },
];

/**
 * How likely a person's reading habit centres on each local hour (0–23): a morning peak,
 * a lunch bump and an evening peak, very little at night.
 */
export const PREFERRED_HOUR_WEIGHTS: readonly number[] = [
  0.2, 0.1, 0.05, 0.05, 0.05, 0.3, 1.5, 5, 9, 7, 4, 3, 5, 4.5, 2.5, 2, 2.5, 3.5,
  4.5, 6, 7, 5.5, 3, 1,
];
