import {
  resolveAnomaly,
  type Anomaly,
  type AnomalySpec,
} from './anomalies/anomaly';

/** What a caller may set; everything has a default. */
export interface SimulationConfig {
  /** Same seed, same world, same events (default 1). */
  seed?: number;
  /** Days of history for a backfill (default 30). */
  days?: number;
  /** End of the backfill window (default: now, to the minute). */
  end?: Date;
  /** Contacts in the workspace (default 10,000; up to a few million). */
  contacts?: number;
  /** Mean number of campaigns started per week (default 3). */
  campaignsPerWeek?: number;
  /** Share of the contacts each campaign goes to, drawn uniformly in [min, max] (default [0.6, 0.95]). */
  audienceShare?: readonly [number, number];
  /** How long a campaign takes to send, in hours, drawn uniformly in [min, max] (default [0.5, 2]). */
  sendDurationHours?: readonly [number, number];
  /** Share of events sent twice with the same id (default 0.002). */
  duplicateRate?: number;
  /** Share of events emitted late, behind events that happened after them (default 0.01). */
  outOfOrderRate?: number;
  /** How many positions a late event may fall behind (default 2,000). */
  outOfOrderWindow?: number;
  anomalies?: readonly AnomalySpec[];
  /** Include user.* and infra.* events (default true). */
  background?: boolean;
  /** Prefix of every generated id: events, campaigns, messages (default `sim-<seed>`). */
  idPrefix?: string;
}

export interface ResolvedSimulationConfig {
  readonly seed: number;
  readonly days: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly contacts: number;
  readonly campaignsPerWeek: number;
  readonly audienceShare: readonly [number, number];
  readonly sendDurationHours: readonly [number, number];
  readonly duplicateRate: number;
  readonly outOfOrderRate: number;
  readonly outOfOrderWindow: number;
  readonly anomalies: readonly Anomaly[];
  readonly background: boolean;
  readonly idPrefix: string;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** Fills defaults and checks ranges; a bad value throws a RangeError naming the field. */
export function resolveSimulationConfig(
  config: SimulationConfig,
  defaults: Partial<SimulationConfig> = {},
): ResolvedSimulationConfig {
  const merged = { ...defaults, ...definedOnly(config) };
  const seed = merged.seed ?? 1;
  const days = merged.days ?? 30;
  const end =
    merged.end ?? new Date(Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS);
  const resolved: ResolvedSimulationConfig = {
    seed: requireInt('seed', seed, 0, 2 ** 32 - 1),
    days: requireNumber('days', days, 1 / 24, 3650),
    startMs: end.getTime() - days * DAY_MS,
    endMs: requireNumber('end', end.getTime(), 0, 8.64e15),
    contacts: requireInt('contacts', merged.contacts ?? 10_000, 1, 20_000_000),
    campaignsPerWeek: requireNumber(
      'campaignsPerWeek',
      merged.campaignsPerWeek ?? 3,
      0.01,
      10_000,
    ),
    audienceShare: requireRange(
      'audienceShare',
      merged.audienceShare ?? [0.6, 0.95],
      0.0001,
      1,
    ),
    sendDurationHours: requireRange(
      'sendDurationHours',
      merged.sendDurationHours ?? [0.5, 2],
      0.01,
      72,
    ),
    duplicateRate: requireNumber(
      'duplicateRate',
      merged.duplicateRate ?? 0.002,
      0,
      0.5,
    ),
    outOfOrderRate: requireNumber(
      'outOfOrderRate',
      merged.outOfOrderRate ?? 0.01,
      0,
      1,
    ),
    outOfOrderWindow: requireInt(
      'outOfOrderWindow',
      merged.outOfOrderWindow ?? 2000,
      1,
      10_000_000,
    ),
    anomalies: (merged.anomalies ?? []).map(resolveAnomaly),
    background: merged.background ?? true,
    idPrefix: merged.idPrefix ?? `sim-${seed}`,
  };
  if (
    resolved.idPrefix.length === 0 ||
    resolved.idPrefix.length > 60 ||
    /\s/.test(resolved.idPrefix)
  ) {
    throw new RangeError('idPrefix must be 1–60 characters without spaces');
  }
  return resolved;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

function requireNumber(
  field: string,
  value: number,
  min: number,
  max: number,
): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max
  ) {
    throw new RangeError(
      `${field} must be a number between ${min} and ${max}, got ${String(value)}`,
    );
  }
  return value;
}

function requireInt(
  field: string,
  value: number,
  min: number,
  max: number,
): number {
  requireNumber(field, value, min, max);
  if (!Number.isInteger(value))
    throw new RangeError(`${field} must be an integer, got ${value}`);
  return value;
}

function requireRange(
  field: string,
  value: readonly [number, number],
  min: number,
  max: number,
): readonly [number, number] {
  if (!Array.isArray(value) || value.length !== 2)
    throw new RangeError(`${field} must be a [min, max] pair`);
  requireNumber(`${field}[0]`, value[0], min, max);
  requireNumber(`${field}[1]`, value[1], min, max);
  if (value[1] < value[0])
    throw new RangeError(`${field}: max must not be below min`);
  return [value[0], value[1]];
}
