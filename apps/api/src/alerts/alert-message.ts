import type { Observation, Severity } from './alert-rule';

export type NotificationEvent = 'firing' | 'escalated' | 'resolved';

/** Everything a notice is written from. */
export interface AlertNotice {
  event: NotificationEvent;
  incidentId: string;
  workspaceId: string;
  workspaceName: string;
  ruleName: string;
  ruleKind: string;
  subject: string;
  severity: Severity;
  openedAt: Date;
  resolvedAt: Date | null;
  /** The observation that opened the incident and the latest one. */
  opening: Observation;
  latest: Observation;
  /** Portal base URL, without a trailing slash. */
  portalUrl: string;
}

export interface RenderedNotice {
  subject: string;
  text: string;
  /** Slack incoming-webhook payload. */
  slack: { text: string; blocks: unknown[] };
  /** Body of the generic webhook (signed). */
  webhook: Record<string, unknown>;
  link: string;
}

const EVENT_WORDS: Readonly<Record<NotificationEvent, string>> = { firing: 'FIRING', escalated: 'ESCALATED', resolved: 'RESOLVED' };

function formatWindow(o: Observation): string {
  return `${o.windowStart.replace('T', ' ').slice(0, 16)} – ${o.windowEnd.replace('T', ' ').slice(0, 16)} UTC`;
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Subject, plain text, Slack and webhook bodies of one notice: what happened, the numbers, the window, a link. */
export function renderNotice(n: AlertNotice): RenderedNotice {
  const link = `${n.portalUrl}/anomalies?workspace=${encodeURIComponent(n.workspaceId)}&incident=${encodeURIComponent(n.incidentId)}`;
  const about = n.subject ? `${n.ruleName} (${n.subject})` : n.ruleName;
  const subject = `[Mailpulse ${EVENT_WORDS[n.event]}] ${n.severity === 'critical' ? 'Critical' : 'Warning'}: ${about} — ${n.workspaceName}`;
  const lines =
    n.event === 'resolved'
      ? [
          `Resolved: ${about} in workspace ${n.workspaceName}.`,
          `It started ${n.openedAt.toISOString()} and lasted ${formatDuration((n.resolvedAt ?? new Date()).getTime() - n.openedAt.getTime())}.`,
          `When it fired: ${n.opening.summary}.`,
          `Now: ${n.latest.summary}.`,
          `Window: ${formatWindow(n.latest)}.`,
        ]
      : [
          `${n.event === 'escalated' ? 'Escalated to critical' : n.severity === 'critical' ? 'Critical' : 'Warning'}: ${about} in workspace ${n.workspaceName}.`,
          `${n.latest.summary}.`,
          `Window: ${formatWindow(n.latest)}.`,
          `Open since ${n.openedAt.toISOString()}.`,
        ];
  lines.push(`Details: ${link}`);
  const text = lines.join('\n');
  return {
    subject,
    text,
    link,
    slack: {
      text: subject,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: lines.slice(0, -1).join('\n') } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Mailpulse' }, url: link }] },
      ],
    },
    webhook: {
      event: n.event,
      incident: {
        id: n.incidentId,
        rule: n.ruleName,
        kind: n.ruleKind,
        subject: n.subject,
        severity: n.severity,
        openedAt: n.openedAt.toISOString(),
        resolvedAt: n.resolvedAt?.toISOString() ?? null,
        opening: n.opening,
        latest: n.latest,
      },
      workspace: { id: n.workspaceId, name: n.workspaceName },
      summary: text,
      link,
    },
  };
}
