import { eventSchema, MAX_TEXT_LENGTH } from '@mailpulse/contracts';
import { dnsCheckEvent, smtpProbeEvent } from './probe-events';
import type { DnsStatusUpdate } from './probe-status';

const at = new Date('2026-11-22T09:00:00Z');
const update = (row: Partial<DnsStatusUpdate['row']>, extra: Partial<DnsStatusUpdate> = {}): DnsStatusUpdate => ({
  row: {
    domain: 'example.com',
    record: 'dkim',
    selector: 's1',
    status: 'ok',
    value: 'v=DKIM1; p=abc',
    detail: 'rsa key, 2048 bits',
    facts: { keyType: 'rsa', bits: 2048 },
    checkedAt: at,
    valueChangedAt: at,
    statusChangedAt: at,
    ...row,
  },
  previousValue: null,
  valueChanged: false,
  ...extra,
});

describe('dnsCheckEvent', () => {
  it('is a valid infra.dns event with domain, record, status and value, plus selector, detail and facts', () => {
    const event = dnsCheckEvent(update({}))!;
    expect(eventSchema.safeParse(event).success).toBe(true);
    expect(event).toEqual({
      type: 'infra.dns',
      occurredAt: '2026-11-22T09:00:00.000Z',
      properties: { domain: 'example.com', record: 'dkim', status: 'ok', value: 'v=DKIM1; p=abc', selector: 's1', detail: 'rsa key, 2048 bits', facts: { keyType: 'rsa', bits: 2048 } },
    });
  });

  it('carries the previous value of a change, and no value when the record is missing', () => {
    expect(dnsCheckEvent(update({ status: 'changed' }, { valueChanged: true, previousValue: 'v=DKIM1; p=old' }))!.properties).toMatchObject({
      status: 'changed',
      previousValue: 'v=DKIM1; p=old',
    });
    const missing = dnsCheckEvent(update({ status: 'missing', value: null, selector: '', record: 'dmarc', facts: {} }))!;
    expect(missing.properties).toEqual({ domain: 'example.com', record: 'dmarc', status: 'missing', detail: 'rsa key, 2048 bits' });
    expect(eventSchema.safeParse(missing).success).toBe(true);
  });

  it('clips a value longer than an event may carry (a 4096-bit key)', () => {
    const event = dnsCheckEvent(update({ value: `v=DKIM1; p=${'A'.repeat(2000)}` }))!;
    expect((event.properties as { value: string }).value).toHaveLength(MAX_TEXT_LENGTH);
    expect(eventSchema.safeParse(event).success).toBe(true);
  });

  it('makes no event when the check could not be made', () => {
    expect(dnsCheckEvent(update({ status: 'error' }))).toBeNull();
  });
});

describe('smtpProbeEvent', () => {
  it('is a valid infra.smtp event with host, ok, latency and error, plus port, steps and TLS facts', () => {
    const event = smtpProbeEvent(
      {
        host: 'mx.example.com',
        port: 587,
        ok: true,
        latencyMs: 42.1,
        steps: { connect: 1.2, banner: 3 },
        starttls: 'upgraded',
        banner: '220 hi',
        tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT', selfSigned: true },
      },
      at,
    );
    expect(eventSchema.safeParse(event).success).toBe(true);
    expect(event.properties).toMatchObject({ host: 'mx.example.com', ok: true, latencyMs: 42.1, port: 587, starttls: 'upgraded', tls: { selfSigned: true } });
    const failed = smtpProbeEvent({ host: '192.0.2.1', port: 25, ok: false, latencyMs: 1, steps: {}, starttls: 'not-reached', failedStep: 'connect', error: 'connect: connection refused (ECONNREFUSED)' }, at);
    expect(eventSchema.safeParse(failed).success).toBe(true);
    expect(failed.properties).toMatchObject({ ok: false, error: 'connect: connection refused (ECONNREFUSED)' });
  });
});
