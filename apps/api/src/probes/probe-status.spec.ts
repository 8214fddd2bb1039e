import type { DnsAssessment } from './dns/dns-assessment';
import { DnsStatusRow, nextDnsStatus, nextSmtpStatus, worstDnsStatus } from './probe-status';
import type { SmtpProbeResult } from './smtp/smtp.prober';

const t0 = new Date('2026-11-22T09:00:00Z');
const t1 = new Date('2026-11-22T09:05:00Z');
const t2 = new Date('2026-11-22T09:10:00Z');
const check = (assessment: Partial<DnsAssessment>) => ({
  domain: 'example.com',
  record: 'dmarc' as const,
  selector: '',
  assessment: { status: 'ok' as const, value: 'v=DMARC1; p=none', detail: 'd', facts: {}, ...assessment },
});

describe('nextDnsStatus', () => {
  it('first check: the status found, times set to now', () => {
    const { row, valueChanged, previousValue } = nextDnsStatus(undefined, check({}), t0);
    expect(row).toEqual({
      domain: 'example.com',
      record: 'dmarc',
      selector: '',
      status: 'ok',
      value: 'v=DMARC1; p=none',
      detail: 'd',
      facts: {},
      checkedAt: t0,
      valueChangedAt: t0,
      statusChangedAt: t0,
    });
    expect({ valueChanged, previousValue }).toEqual({ valueChanged: false, previousValue: null });
  });

  it('same value again: ok, change times kept', () => {
    const first = nextDnsStatus(undefined, check({}), t0).row;
    expect(nextDnsStatus(first, check({}), t1).row).toMatchObject({ status: 'ok', checkedAt: t1, valueChangedAt: t0, statusChangedAt: t0 });
  });

  it('a new valid value: changed once, with the value it replaced; ok again on the next run', () => {
    const first = nextDnsStatus(undefined, check({}), t0).row;
    const changed = nextDnsStatus(first, check({ value: 'v=DMARC1; p=reject' }), t1);
    expect(changed).toMatchObject({ valueChanged: true, previousValue: 'v=DMARC1; p=none', row: { status: 'changed', valueChangedAt: t1, statusChangedAt: t1 } });
    expect(nextDnsStatus(changed.row, check({ value: 'v=DMARC1; p=reject' }), t2).row).toMatchObject({ status: 'ok', valueChangedAt: t1, statusChangedAt: t2 });
  });

  it('a record that breaks or disappears says so rather than changed', () => {
    const first = nextDnsStatus(undefined, check({}), t0).row;
    expect(nextDnsStatus(first, check({ status: 'broken', value: 'v=DMARC1; p=bogus' }), t1).row).toMatchObject({ status: 'broken', valueChangedAt: t1 });
    expect(nextDnsStatus(first, check({ status: 'missing', value: null }), t1).row).toMatchObject({ status: 'missing', value: null, valueChangedAt: t1 });
  });

  it('a record that appears after being missing is ok, not changed', () => {
    const missing = nextDnsStatus(undefined, check({ status: 'missing', value: null }), t0).row;
    expect(nextDnsStatus(missing, check({}), t1)).toMatchObject({ valueChanged: true, row: { status: 'ok', valueChangedAt: t1 } });
  });

  it('a failed lookup keeps the last value, so the change is still seen after it', () => {
    const first = nextDnsStatus(undefined, check({}), t0).row;
    const failed = nextDnsStatus(first, check({ status: 'error', value: null, detail: 'timeout' }), t1).row;
    expect(failed).toMatchObject({ status: 'error', value: 'v=DMARC1; p=none', detail: 'timeout', valueChangedAt: t0, statusChangedAt: t1 });
    expect(nextDnsStatus(failed, check({ value: 'v=DMARC1; p=reject' }), t2).row).toMatchObject({ status: 'changed', valueChangedAt: t2 });
  });
});

describe('nextSmtpStatus', () => {
  const result = (ok: boolean): SmtpProbeResult => ({ host: 'mx.example.com', port: 25, ok, latencyMs: 12.5, steps: { connect: 1 }, starttls: 'upgraded', ...(ok ? {} : { error: 'banner: x' }) });

  it('keeps the facts beside ok, latency and error, and the time ok last flipped', () => {
    const first = nextSmtpStatus(undefined, result(true), t0);
    expect(first).toEqual({ host: 'mx.example.com', port: 25, ok: true, latencyMs: 12.5, error: null, facts: { steps: { connect: 1 }, starttls: 'upgraded' }, checkedAt: t0, statusChangedAt: t0 });
    const same = nextSmtpStatus(first, result(true), t1);
    expect(same.statusChangedAt).toBe(t0);
    expect(nextSmtpStatus(same, result(false), t2)).toMatchObject({ ok: false, error: 'banner: x', statusChangedAt: t2 });
  });
});

describe('worstDnsStatus', () => {
  it.each([
    [[], 'pending'],
    [['ok', 'ok'], 'ok'],
    [['ok', 'changed'], 'changed'],
    [['changed', 'error', 'ok'], 'error'],
    [['missing', 'error'], 'missing'],
    [['ok', 'broken', 'missing'], 'broken'],
  ] as [DnsStatusRow['status'][], string][])('%j → %s', (statuses, worst) => {
    expect(worstDnsStatus(statuses)).toBe(worst);
  });
});
