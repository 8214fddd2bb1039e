import { generateKeyPairSync } from 'node:crypto';
import { assessDkim, dkimRecordName } from './dkim-record';

function rsaKey(bits: number, type: 'spki' | 'pkcs1' = 'spki'): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ format: 'der', type }).toString('base64');
}
const rsa2048 = rsaKey(2048);
const rsa1024Pkcs1 = rsaKey(1024, 'pkcs1');
const rsa512 = rsaKey(512);
const ed25519 = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
const NAME = 's1._domainkey.example.com';

describe('assessDkim', () => {
  it('names the record after selector and domain', () => {
    expect(dkimRecordName('s1', 'example.com')).toBe(NAME);
  });

  it.each([
    ['a 2048-bit RSA key', `v=DKIM1; k=rsa; p=${rsa2048}`, 'rsa key, 2048 bits', { keyType: 'rsa', bits: 2048 }],
    ['an RSA key without v= and k= (both optional)', `p=${rsa2048}`, 'rsa key, 2048 bits', { keyType: 'rsa', bits: 2048 }],
    ['a PKCS#1 RSA key', `v=DKIM1; p=${rsa1024Pkcs1}`, 'rsa key, 1024 bits', { keyType: 'rsa', bits: 1024 }],
    ['a key split by whitespace, tags in any case', `V=DKIM1; K=RSA; P=${rsa2048.slice(0, 100)} ${rsa2048.slice(100)}`, 'rsa key, 2048 bits', { keyType: 'rsa' }],
    ['an Ed25519 key', `v=DKIM1; k=ed25519; p=${ed25519}`, 'ed25519 key', { keyType: 'ed25519' }],
    ['a key in testing mode', `v=DKIM1; t=y:s; p=${rsa2048}`, 'rsa key, 2048 bits (testing mode, t=y)', { testing: true }],
  ])('is ok for %s', (_what, record, detail, facts) => {
    const a = assessDkim(NAME, [record]);
    expect(a).toMatchObject({ status: 'ok', value: record, detail, facts });
  });

  it('is missing without a TXT record', () => {
    expect(assessDkim(NAME, [])).toEqual({ status: 'missing', value: null, detail: `no TXT record at ${NAME}`, facts: {} });
  });

  it.each([
    ['p= is empty (revoked)', ['v=DKIM1; k=rsa; p='], 'p= is empty: the key is revoked'],
    ['p= is missing', ['v=DKIM1; k=rsa'], 'p= (the public key) is missing'],
    ['two records', [`p=${rsa2048}`, `p=${rsa2048}`], `2 TXT records at ${NAME}; a DKIM key needs exactly one`],
    ['a wrong version', [`v=DKIM2; p=${rsa2048}`], 'v=DKIM2 is not DKIM1'],
    ['an unknown key type', [`k=dsa; p=${rsa2048}`], 'k=dsa is not a key type DKIM knows (rsa, ed25519)'],
    ['p= not base64', ['p=not*base64!'], 'p= is not base64'],
    ['p= not a key', ['p=aGVsbG8gd29ybGQ='], 'p= is not an RSA public key'],
    ['an Ed25519 key of the wrong length', [`k=ed25519; p=${rsa2048}`], /^p= is not an Ed25519 key/],
    ['an RSA key under 1024 bits', [`p=${rsa512}`], 'the RSA key has 512 bits; receivers ignore keys under 1024'],
    ['a duplicated tag', [`p=${rsa2048}; p=${rsa2048}`], 'malformed tag list: p= appears twice'],
    ['a segment without =', [`v=DKIM1; rsa; p=${rsa2048}`], 'malformed tag list: "rsa" is not a tag=value pair'],
  ])('is broken for %s', (_what, records, detail) => {
    const a = assessDkim(NAME, records);
    expect(a.status).toBe('broken');
    expect(a.detail).toEqual(typeof detail === 'string' ? detail : expect.stringMatching(detail));
    expect(a.value).not.toBeNull();
  });
});
