import type { DnsAssessment } from './dns-assessment';

export interface MxRecord {
  exchange: string;
  priority: number;
}

/**
 * The MX verdict: missing without MX records; broken for a null MX (RFC 7505, "this domain accepts no mail"),
 * which leaves bounces and replies to a sending domain nowhere to go; otherwise ok, listed by preference.
 */
export function assessMx(records: MxRecord[]): DnsAssessment {
  if (records.length === 0) return { status: 'missing', value: null, detail: 'no MX record', facts: {} };
  const sorted = [...records]
    .map((r) => ({ priority: r.priority, exchange: r.exchange.toLowerCase().replace(/\.$/, '') }))
    .sort((a, b) => a.priority - b.priority || a.exchange.localeCompare(b.exchange));
  const value = sorted.map((r) => `${r.priority} ${r.exchange || '.'}`).join(', ');
  if (sorted.some((r) => r.exchange === '')) {
    return { status: 'broken', value, detail: 'null MX (RFC 7505): the domain accepts no mail, so bounces and replies are lost', facts: { exchanges: [] } };
  }
  return {
    status: 'ok',
    value,
    detail: `${sorted.length} mail exchanger${sorted.length === 1 ? '' : 's'}, preferred ${sorted[0]!.exchange}`,
    facts: { exchanges: sorted.map((r) => r.exchange) },
  };
}
