import { createHmac } from 'node:crypto';
import {
  decodeToken,
  formatTrackingKey,
  hasValidSignature,
  MAX_TOKEN_LENGTH,
  parseTrackingKey,
  signToken,
  TrackingClaims,
  TrackingKey,
  verifyToken,
} from './tracking-token';

const WS = '0b7c7a2e-5d7b-4d55-9a52-0f3c2c7e9a11';
const OTHER_WS = '5f1e4a9c-2b3d-4e6f-8a7b-9c0d1e2f3a4b';
const v1: TrackingKey = { version: 1, secret: Buffer.alloc(32, 1) };
const v2: TrackingKey = { version: 2, secret: Buffer.alloc(32, 2) };
const otherWorkspaceKey: TrackingKey = { version: 1, secret: Buffer.alloc(32, 9) };

const click: TrackingClaims = {
  kind: 'click',
  workspaceId: WS,
  messageId: 'msg-1',
  campaignId: 'spring',
  contactEmail: 'ada@example.com',
  variant: 'B',
  url: 'https://shop.example.com/p?x=1&y=two#reviews',
  linkId: 'cta',
};
const open: TrackingClaims = { kind: 'open', workspaceId: WS, messageId: 'msg-1' };

/** Keys by workspace and version, as the API's cache would answer. */
const keys = (...entries: [string, TrackingKey][]) => (workspaceId: string, version: number) =>
  entries.find(([w, k]) => w === workspaceId && k.version === version)?.[1].secret;

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A token with the given payload, correctly MACed with `key`, for checking payload validation. */
function forge(payload: unknown, key: TrackingKey = v1): string {
  const signed = `1.${b64(payload)}`;
  return `${signed}.${createHmac('sha256', key.secret).update(signed).digest().subarray(0, 16).toString('base64url')}`;
}
function replaceAt(s: string, i: number): string {
  return s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
}

describe('tracking tokens', () => {
  it.each([
    ['a click with every field', click],
    ['an open naming only its message', open],
    ['an unsubscribe', { kind: 'unsubscribe', workspaceId: WS, messageId: 'm', contactEmail: 'bo@example.org' } as TrackingClaims],
  ])('round-trips %s', (_name, claims) => {
    const token = signToken(claims, v1);
    expect(token).toMatch(/^1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(verifyToken(token, keys([WS, v1]))).toEqual(claims);
  });

  it('is compact: an open token of a typical message is under 256 characters', () => {
    expect(signToken({ ...open, campaignId: 'spring-sale-2026', contactEmail: 'ada.lovelace@example.com', variant: 'A' }, v1).length).toBeLessThan(256);
  });

  it('names the key version that signed it, and verifies with that version only', () => {
    const old = signToken(click, v1);
    const current = signToken(click, v2);
    expect(decodeToken(old)?.keyVersion).toBe(1);
    expect(decodeToken(current)?.keyVersion).toBe(2);
    // After a rotation both versions are known: tokens of either verify.
    const rotated = keys([WS, v1], [WS, v2]);
    expect(verifyToken(old, rotated)).toEqual(click);
    expect(verifyToken(current, rotated)).toEqual(click);
    // Version 1 retired: its tokens stop verifying, version 2's still do.
    const retired = keys([WS, v2]);
    expect(verifyToken(old, retired)).toBeNull();
    expect(verifyToken(current, retired)).toEqual(click);
  });

  it('asks for the key of the workspace and version the token names', () => {
    const asked: [string, number][] = [];
    verifyToken(signToken(click, v2), (w, v) => {
      asked.push([w, v]);
      return v2.secret;
    });
    expect(asked).toEqual([[WS, 2]]);
  });

  const good = signToken(click, v1);
  const [, payload, mac] = good.split('.') as [string, string, string];
  it.each([
    ['a changed payload character', `1.${replaceAt(payload, 20)}.${mac}`],
    ['a changed MAC character', `1.${payload}.${replaceAt(mac, 3)}`],
    ['a truncated MAC', `1.${payload}.${mac.slice(0, 21)}`],
    ['a MAC with an extra character', `1.${payload}.${mac}A`],
    ['a non-canonical spelling of the same MAC bytes', `1.${payload}.${mac.slice(0, 21)}${String.fromCharCode(mac.charCodeAt(21) ^ 1)}`],
    ['another target URL, old MAC', `1.${b64({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), u: 'https://evil.example/' })}.${mac}`],
    ['another format version', `2.${payload}.${mac}`],
    ['a fourth segment', `${good}.x`],
    ['no MAC', `1.${payload}`],
    ['characters outside base64url', `1.${payload}=.${mac}`],
    ['the empty string', ''],
    ['plain text', 'hello'],
    ['a token longer than the limit', `1.${'A'.repeat(MAX_TOKEN_LENGTH)}.${mac}`],
    ['a MAC made with another workspace key', signToken(click, otherWorkspaceKey)],
    ['a MAC made with a key version the workspace does not have', signToken(click, { version: 7, secret: v1.secret })],
  ])('rejects %s', (_name, token) => {
    expect(verifyToken(token, keys([WS, v1], [OTHER_WS, otherWorkspaceKey]))).toBeNull();
  });

  it('rejects a token that moves a MAC to another workspace', () => {
    const theirs = signToken({ ...click, workspaceId: OTHER_WS }, otherWorkspaceKey);
    const [, p, m] = theirs.split('.') as [string, string, string];
    const moved = `1.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), w: WS })}.${m}`;
    expect(verifyToken(moved, keys([WS, v1], [OTHER_WS, otherWorkspaceKey]))).toBeNull();
  });

  it.each([
    ['not an object', [1, 2]],
    ['an unknown kind', { t: 'x', w: WS, k: 1, m: 'm' }],
    ['a workspace that is not a UUID', { t: 'o', w: 'ws-1', k: 1, m: 'm' }],
    ['a key version of 0', { t: 'o', w: WS, k: 0, m: 'm' }],
    ['a fractional key version', { t: 'o', w: WS, k: 1.5, m: 'm' }],
    ['no message', { t: 'o', w: WS, k: 1 }],
    ['an empty message id', { t: 'o', w: WS, k: 1, m: '' }],
    ['a message id over 128 characters', { t: 'o', w: WS, k: 1, m: 'm'.repeat(129) }],
    ['an email without @', { t: 'o', w: WS, k: 1, m: 'm', e: 'nobody' }],
    ['a click without URL', { t: 'c', w: WS, k: 1, m: 'm' }],
    ['a click to javascript:', { t: 'c', w: WS, k: 1, m: 'm', u: 'javascript:alert(1)' }],
    ['a click URL with a line break', { t: 'c', w: WS, k: 1, m: 'm', u: 'https://a.example/\r\nSet-Cookie: x=1' }],
    ['a click URL with non-ASCII characters', { t: 'c', w: WS, k: 1, m: 'm', u: 'https://a.example/ü' }],
  ])('rejects a correctly signed payload with %s', (_name, p) => {
    expect(verifyToken(forge(p), keys([WS, v1]))).toBeNull();
  });

  it('decodes without trusting: the signature check is separate and constant-time', () => {
    const decoded = decodeToken(good)!;
    expect(decoded.claims).toEqual(click);
    expect(hasValidSignature(decoded, v1.secret)).toBe(true);
    expect(hasValidSignature(decoded, v2.secret)).toBe(false);
  });

  it('keeps an open token from passing for a click: the kind is part of the signed payload', () => {
    expect(decodeToken(signToken(open, v1))?.claims.kind).toBe('open');
  });
});

describe('tracking keys as text', () => {
  it('round-trips version and secret', () => {
    const text = formatTrackingKey({ version: 12, secret: Buffer.alloc(32, 0xfb) });
    expect(text).toMatch(/^mp_track_v12_[A-Za-z0-9_-]{43}$/);
    expect(parseTrackingKey(text)).toEqual({ version: 12, secret: Buffer.alloc(32, 0xfb) });
  });

  it.each([
    ['empty', ''],
    ['another prefix', `mp_ingest_v1_${'A'.repeat(43)}`],
    ['version 0', `mp_track_v0_${'A'.repeat(43)}`],
    ['no version', `mp_track__${'A'.repeat(43)}`],
    ['a short secret', `mp_track_v1_${'A'.repeat(42)}`],
    ['a long secret', `mp_track_v1_${'A'.repeat(44)}`],
    ['characters outside base64url', `mp_track_v1_${'A'.repeat(42)}=`],
  ])('refuses %s', (_name, text) => {
    expect(() => parseTrackingKey(text)).toThrow(/mp_track_v<version>_/);
  });
});
