import { IngestEvent, MAX_TEXT_LENGTH } from '@mailpulse/contracts';
import type { DnsStatusUpdate } from './probe-status';
import type { SmtpProbeResult } from './smtp/smtp.prober';

function clip(text: string): string {
  return text.length <= MAX_TEXT_LENGTH ? text : `${text.slice(0, MAX_TEXT_LENGTH - 1)}…`;
}

/** An `infra.dns` event for a check; `error` checks (nothing could be told) make none. */
export function dnsCheckEvent(update: DnsStatusUpdate): IngestEvent | null {
  const { row } = update;
  if (row.status === 'error') return null;
  return {
    type: 'infra.dns',
    occurredAt: row.checkedAt.toISOString(),
    properties: {
      domain: row.domain,
      record: row.record,
      status: row.status,
      ...(row.value !== null ? { value: clip(row.value) } : {}),
      ...(row.selector ? { selector: row.selector } : {}),
      detail: clip(row.detail),
      ...(update.valueChanged && update.previousValue !== null ? { previousValue: clip(update.previousValue) } : {}),
      ...(Object.keys(row.facts).length ? { facts: row.facts } : {}),
    },
  };
}

/** An `infra.smtp` event for a probe: host, ok, total latency, error, and the per-step timings and TLS facts. */
export function smtpProbeEvent(result: SmtpProbeResult, at: Date): IngestEvent {
  return {
    type: 'infra.smtp',
    occurredAt: at.toISOString(),
    properties: {
      host: result.host,
      ok: result.ok,
      latencyMs: result.latencyMs,
      ...(result.error ? { error: clip(result.error) } : {}),
      port: result.port,
      steps: result.steps,
      starttls: result.starttls,
      ...(result.banner ? { banner: clip(result.banner) } : {}),
      ...(result.tls ? { tls: result.tls } : {}),
    },
  };
}
