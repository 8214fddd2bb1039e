import { createPublicKey } from 'node:crypto';
import type { DnsAssessment } from './dns-assessment';
import { parseTagList } from './tag-list';

/** RFC 8301: receivers must not accept RSA keys shorter than 1024 bits. */
const MIN_RSA_BITS = 1024;

/** `<selector>._domainkey.<domain>`, where a DKIM key is published. */
export function dkimRecordName(selector: string, domain: string): string {
  return `${selector}._domainkey.${domain}`;
}

function rsaKeyBits(der: Buffer): number | null {
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type });
      if (key.asymmetricKeyType === 'rsa') return key.asymmetricKeyDetails?.modulusLength ?? null;
    } catch {
      // not this encoding; try the next
    }
  }
  return null;
}

/**
 * The DKIM verdict for the TXT records at a selector's name: missing without one, broken with several, a bad
 * tag list, a missing or empty `p=` (an empty one revokes the key), an unknown key type, a key that does not
 * decode, or an RSA key under 1024 bits.
 */
export function assessDkim(name: string, txtRecords: string[]): DnsAssessment {
  if (txtRecords.length === 0) return { status: 'missing', value: null, detail: `no TXT record at ${name}`, facts: {} };
  const value = txtRecords.map((r) => r.trim()).join(' | ');
  if (txtRecords.length > 1) return { status: 'broken', value, detail: `${txtRecords.length} TXT records at ${name}; a DKIM key needs exactly one`, facts: {} };
  const broken = (detail: string, facts: Record<string, unknown> = {}): DnsAssessment => ({ status: 'broken', value, detail, facts });

  const { tags, errors } = parseTagList(txtRecords[0]!);
  if (errors.length) return broken(`malformed tag list: ${errors.join('; ')}`);
  const version = tags.get('v');
  if (version !== undefined && version !== 'DKIM1') return broken(`v=${version} is not DKIM1`);
  const keyType = (tags.get('k') ?? 'rsa').toLowerCase();
  const p = tags.get('p');
  if (p === undefined) return broken('p= (the public key) is missing');
  const key = p.replace(/\s+/g, '');
  if (key === '') return broken('p= is empty: the key is revoked', { keyType });
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) return broken('p= is not base64', { keyType });
  const testing = (tags.get('t') ?? '').split(':').some((f) => f.trim() === 'y');
  const facts: Record<string, unknown> = { keyType, ...(testing ? { testing: true } : {}) };
  const note = testing ? ' (testing mode, t=y)' : '';

  const der = Buffer.from(key, 'base64');
  if (keyType === 'ed25519') {
    if (der.length !== 32) return broken(`p= is not an Ed25519 key (${der.length} bytes, expected 32)`, facts);
    return { status: 'ok', value, detail: `ed25519 key${note}`, facts };
  }
  if (keyType !== 'rsa') return broken(`k=${keyType} is not a key type DKIM knows (rsa, ed25519)`, facts);
  const bits = rsaKeyBits(der);
  if (bits === null) return broken('p= is not an RSA public key', facts);
  facts['bits'] = bits;
  if (bits < MIN_RSA_BITS) return broken(`the RSA key has ${bits} bits; receivers ignore keys under ${MIN_RSA_BITS}`, facts);
  return { status: 'ok', value, detail: `rsa key, ${bits} bits${note}`, facts };
}
