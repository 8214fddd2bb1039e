import { isActive, type Anomaly } from '../anomalies/anomaly';
import type { EventDraft } from '../engine/event-draft';
import { SeededRandom } from '../random/seeded-random';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../simulation-config';
import { WORKSPACE_PROFILE } from '../world/workspace-profile';

const BACKGROUND_STREAM = 0xb6d;
const PROBE_INTERVAL_MS = 5 * MINUTE_MS;
const USER_ACTIONS = [
  'report.view',
  'campaign.edit',
  'segment.update',
  'template.save',
  'contacts.import',
  'export.download',
  'dashboard.view',
];
const USER_ERRORS = [
  {
    code: 'E_TEMPLATE_RENDER',
    message: 'Template failed to render: unknown merge tag {{first_nme}}',
  },
  {
    code: 'E_IMPORT_PARSE',
    message: 'Contact import rejected: row 1204 has no email column',
  },
  {
    code: 'E_EXPORT_TIMEOUT',
    message: 'Export took longer than 60 s and was cancelled',
  },
];

export interface BackgroundContext {
  readonly seed: number;
  readonly anomalies: readonly Anomaly[];
  /** Whether some campaign is handing messages to the relay at that moment (drives CPU load). */
  readonly isSending: (atMs: number) => boolean;
}

/**
 * Everything around the mail for one UTC hour: SMTP probes, machine metrics, DNS checks and the team's
 * logins and clicks in the app. Derived from the hour alone, so hours can be produced in any order.
 */
export function backgroundDraftsForHour(
  hourStartMs: number,
  context: BackgroundContext,
): EventDraft[] {
  const random = SeededRandom.derive(
    context.seed,
    BACKGROUND_STREAM,
    hourStartMs / HOUR_MS,
  );
  const drafts: EventDraft[] = [];
  addSmtpProbes(drafts, hourStartMs, context, random);
  addVpsMetrics(drafts, hourStartMs, context, random);
  addDnsEvents(drafts, hourStartMs, context, random);
  addTeamActivity(drafts, hourStartMs, random);
  return drafts.sort((a, b) => a.atMs - b.atMs);
}

function outageAt(anomalies: readonly Anomaly[], atMs: number): boolean {
  return anomalies.some((a) => a.kind === 'smtp-outage' && isActive(a, atMs));
}

function addSmtpProbes(
  drafts: EventDraft[],
  hourStartMs: number,
  context: BackgroundContext,
  random: SeededRandom,
): void {
  for (const host of WORKSPACE_PROFILE.smtpHosts) {
    for (let t = hourStartMs; t < hourStartMs + HOUR_MS; t += MINUTE_MS) {
      const down = outageAt(context.anomalies, t);
      // Healthy relays report every five minutes; during an outage the monitor checks every minute.
      if (!down && (t - hourStartMs) % PROBE_INTERVAL_MS !== 0) continue;
      const atMs = t + random.between(0, 20_000);
      if (down) {
        drafts.push({
          atMs,
          type: 'infra.smtp',
          label: 'human',
          properties: {
            host,
            ok: false,
            latencyMs: 30_000,
            error: 'connect ETIMEDOUT upstream relay',
          },
        });
      } else if (random.chance(0.004)) {
        drafts.push({
          atMs,
          type: 'infra.smtp',
          label: 'human',
          properties: {
            host,
            ok: false,
            latencyMs: round(random.logNormal(900, 0.5)),
            error: '421 4.7.0 Try again later',
          },
        });
      } else {
        drafts.push({
          atMs,
          type: 'infra.smtp',
          label: 'human',
          properties: {
            host,
            ok: true,
            latencyMs: round(random.logNormal(85, 0.35)),
          },
        });
      }
    }
  }
}

function addVpsMetrics(
  drafts: EventDraft[],
  hourStartMs: number,
  context: BackgroundContext,
  random: SeededRandom,
): void {
  for (const host of WORKSPACE_PROFILE.vpsHosts) {
    for (
      let t = hourStartMs;
      t < hourStartMs + HOUR_MS;
      t += PROBE_INTERVAL_MS
    ) {
      const atMs = t + random.between(0, 10_000);
      const sending = context.isSending(atMs);
      const load = host === 'app-1' ? 18 : sending ? 55 : 6;
      // Disk fills with logs and is rotated back every two weeks.
      const disk =
        38 + ((atMs / DAY_MS) % 14) * 2.5 + (host === 'app-1' ? 12 : 0);
      drafts.push({
        atMs,
        type: 'infra.vps',
        label: 'human',
        properties: {
          host,
          cpuPercent: clampPercent(load + random.normal() * 6),
          memoryPercent: clampPercent(
            (sending ? 62 : 48) + random.normal() * 4,
          ),
          diskPercent: clampPercent(disk + random.normal() * 0.3),
        },
      });
    }
  }
}

function addDnsEvents(
  drafts: EventDraft[],
  hourStartMs: number,
  context: BackgroundContext,
  random: SeededRandom,
): void {
  const domain = WORKSPACE_PROFILE.sendingDomain;
  const hourEndMs = hourStartMs + HOUR_MS;
  if (new Date(hourStartMs).getUTCHours() === 3) {
    for (const record of ['spf', 'dkim', 'dmarc'] as const) {
      const broken = context.anomalies.some(
        (a) =>
          a.kind === 'dkim-break' &&
          record === 'dkim' &&
          isActive(a, hourStartMs + 1000),
      );
      drafts.push({
        atMs: hourStartMs + random.between(1, 120) * 1000,
        type: 'infra.dns',
        label: 'human',
        properties: { domain, record, status: broken ? 'broken' : 'ok' },
      });
    }
    // Now and then someone edits a record.
    if (random.chance(0.08)) {
      drafts.push({
        atMs: hourStartMs + random.between(5, 55) * MINUTE_MS,
        type: 'infra.dns',
        label: 'human',
        properties: {
          domain,
          record: 'dmarc',
          status: 'changed',
          value:
            'v=DMARC1; p=quarantine; rua=mailto:dmarc@lumen-outfitters.example',
        },
      });
    }
  }
  for (const anomaly of context.anomalies) {
    if (anomaly.kind !== 'dkim-break') continue;
    if (anomaly.startMs >= hourStartMs && anomaly.startMs < hourEndMs) {
      drafts.push({
        atMs: anomaly.startMs,
        type: 'infra.dns',
        label: 'human',
        properties: {
          domain,
          record: 'dkim',
          status: 'changed',
          value: 'v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC7',
        },
      });
      drafts.push({
        atMs: anomaly.startMs + MINUTE_MS,
        type: 'infra.dns',
        label: 'human',
        properties: {
          domain,
          record: 'dkim',
          status: 'broken',
          value: 'dkim=fail (body hash did not verify)',
        },
      });
    }
    if (anomaly.endMs >= hourStartMs && anomaly.endMs < hourEndMs) {
      drafts.push({
        atMs: anomaly.endMs,
        type: 'infra.dns',
        label: 'human',
        properties: { domain, record: 'dkim', status: 'ok' },
      });
    }
  }
}

/** Weekday office hours in Europe (07–17 UTC): logins in the morning, actions through the day. */
function addTeamActivity(
  drafts: EventDraft[],
  hourStartMs: number,
  random: SeededRandom,
): void {
  const date = new Date(hourStartMs);
  const weekday = date.getUTCDay() >= 1 && date.getUTCDay() <= 5;
  const hour = date.getUTCHours();
  if (!weekday || hour < 7 || hour > 16) return;
  for (const userId of WORKSPACE_PROFILE.teamUserIds) {
    if (hour === 7 && random.chance(0.85)) {
      drafts.push({
        atMs: hourStartMs + random.between(0, 50) * MINUTE_MS,
        type: 'user.login',
        label: 'human',
        properties: { userId },
      });
    }
    const actions = random.chance(0.6) ? 1 + random.int(4) : 0;
    for (let i = 0; i < actions; i++) {
      const atMs = hourStartMs + random.between(0, 59) * MINUTE_MS;
      drafts.push({
        atMs,
        type: 'user.action',
        label: 'human',
        properties: { userId, action: random.pick(USER_ACTIONS) },
      });
      if (random.chance(0.03)) {
        const error = random.pick(USER_ERRORS);
        drafts.push({
          atMs: atMs + 800,
          type: 'user.error',
          label: 'human',
          properties: { userId, code: error.code, message: error.message },
        });
      }
    }
    if (hour === 16 && random.chance(0.5)) {
      drafts.push({
        atMs: hourStartMs + random.between(30, 59) * MINUTE_MS,
        type: 'user.logout',
        label: 'human',
        properties: { userId },
      });
    }
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function clampPercent(value: number): number {
  return Math.min(100, Math.max(0, round(value)));
}
