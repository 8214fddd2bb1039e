/**
 * Incidents the simulator can inject, each with a window and a label, so detectors can be scored
 * against what really happened.
 *
 * - `bounce-spike`: a mailbox provider (`domain`) starts refusing; messages sent to it in the window
 *   bounce far more often (mostly `block`, some `soft`). `intensity` is the extra bounce probability (default 0.35).
 * - `complaint-surge`: messages delivered in the window are reported as spam `intensity` times as often (default 15),
 *   and sooner.
 * - `dkim-break`: the sending domain's DKIM signature breaks; `domain`'s provider sends what it receives in the
 *   window to spam with probability `intensity` (default 0.9), so opens there collapse. `infra.dns` reports it.
 * - `smtp-outage`: the relay cannot reach the outside; every message sent in the window is deferred until it ends
 *   (`email.deferred`), and `infra.smtp` reports failures every minute.
 * - `volume-drop`: a share `intensity` (default 0.8) of the events that happen in the window never arrive.
 */
export const ANOMALY_KINDS = [
  'bounce-spike',
  'complaint-surge',
  'dkim-break',
  'smtp-outage',
  'volume-drop',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** An anomaly as a caller asks for it. */
export interface AnomalySpec {
  kind: AnomalyKind;
  start: Date;
  end: Date;
  /** Recipient domain, for `bounce-spike` (default yahoo.com) and `dkim-break` (default gmail.com). */
  domain?: string;
  intensity?: number;
  /** Human-readable description; made from kind and domain when absent. */
  label?: string;
}

/** An anomaly as the simulator uses it and reports it in the ground truth. */
export interface Anomaly {
  readonly id: string;
  readonly kind: AnomalyKind;
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly domain: string | undefined;
  readonly intensity: number;
}

const DEFAULT_INTENSITY: Readonly<Record<AnomalyKind, number>> = {
  'bounce-spike': 0.35,
  'complaint-surge': 15,
  'dkim-break': 0.9,
  'smtp-outage': 1,
  'volume-drop': 0.8,
};

const DEFAULT_DOMAIN: Partial<Record<AnomalyKind, string>> = {
  'bounce-spike': 'yahoo.com',
  'dkim-break': 'gmail.com',
};

export function resolveAnomaly(spec: AnomalySpec, position: number): Anomaly {
  const startMs = spec.start.getTime();
  const endMs = spec.end.getTime();
  if (
    !Number.isFinite(startMs) ||
    !Number.isFinite(endMs) ||
    endMs <= startMs
  ) {
    throw new RangeError(
      `anomalies[${position}]: end must be a valid date after start`,
    );
  }
  const domain = spec.domain?.toLowerCase() ?? DEFAULT_DOMAIN[spec.kind];
  return {
    id: `anomaly-${position + 1}`,
    kind: spec.kind,
    label: spec.label ?? describe(spec.kind, domain),
    startMs,
    endMs,
    domain,
    intensity: spec.intensity ?? DEFAULT_INTENSITY[spec.kind],
  };
}

export function isActive(anomaly: Anomaly, atMs: number): boolean {
  return atMs >= anomaly.startMs && atMs < anomaly.endMs;
}

function describe(kind: AnomalyKind, domain: string | undefined): string {
  switch (kind) {
    case 'bounce-spike':
      return `Bounce spike at ${domain}`;
    case 'complaint-surge':
      return 'Spam complaint surge';
    case 'dkim-break':
      return `DKIM signature broken; ${domain} routes mail to spam`;
    case 'smtp-outage':
      return 'SMTP relay outage; messages deferred';
    case 'volume-drop':
      return 'Event volume drop';
  }
}

const HOUR_MS = 3_600_000;

/**
 * A demo set spread over the history: one of each kind, placed by hours before `end`,
 * keeping only those that fit in the window.
 */
export function defaultAnomalies(end: Date, days: number): AnomalySpec[] {
  const endMs = end.getTime();
  const at = (hoursBeforeEnd: number, durationHours: number) => ({
    start: new Date(endMs - hoursBeforeEnd * HOUR_MS),
    end: new Date(endMs - hoursBeforeEnd * HOUR_MS + durationHours * HOUR_MS),
  });
  const all: AnomalySpec[] = [
    { kind: 'volume-drop', ...at(20 * 24 + 3, 4) },
    { kind: 'dkim-break', domain: 'gmail.com', ...at(12 * 24 + 5, 10) },
    { kind: 'complaint-surge', ...at(8 * 24 + 6, 6) },
    { kind: 'bounce-spike', domain: 'yahoo.com', ...at(5 * 24 + 4, 6) },
    { kind: 'smtp-outage', ...at(2 * 24 + 7, 1) },
  ];
  const startMs = endMs - days * 24 * HOUR_MS;
  return all.filter(
    (a) => a.start.getTime() >= startMs + HOUR_MS && a.end.getTime() <= endMs,
  );
}

/**
 * Parses the CLI form `kind[:domain]@<hours before end>+<duration hours>`,
 * e.g. `bounce-spike:yahoo.com@120+6`.
 */
export function parseAnomaly(text: string, end: Date): AnomalySpec {
  const match =
    /^([a-z-]+)(?::([^@]+))?@(\d+(?:\.\d+)?)\+(\d+(?:\.\d+)?)$/.exec(
      text.trim(),
    );
  if (match === null) {
    throw new RangeError(
      `--anomaly "${text}": expected kind[:domain]@<hours before end>+<duration hours>, e.g. bounce-spike:yahoo.com@120+6`,
    );
  }
  const [, kind, domain, before, duration] = match;
  if (!(ANOMALY_KINDS as readonly string[]).includes(kind)) {
    throw new RangeError(
      `--anomaly "${text}": kind must be one of ${ANOMALY_KINDS.join(', ')}`,
    );
  }
  const startMs = end.getTime() - Number(before) * HOUR_MS;
  return {
    kind: kind as AnomalyKind,
    domain,
    start: new Date(startMs),
    end: new Date(startMs + Number(duration) * HOUR_MS),
  };
}
