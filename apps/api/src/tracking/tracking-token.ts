import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tracking tokens: `1.<payload>.<mac>`.
 *
 * - `1` is the format version (a later format gets another number and both verify side by side).
 * - `<payload>` is base64url of a compact JSON object naming the workspace (`w`), the key version that
 *   signed it (`k`), what the token is for (`t`: `o` open, `c` click, `u` unsubscribe), the message (`m`)
 *   and, when known, campaign (`c`), contact email (`e`), variant (`v`), and for clicks the target URL
 *   (`u`) and link id (`l`).
 * - `<mac>` is base64url of the first 16 bytes of HMAC-SHA256(workspace key of version `k`, "1.<payload>").
 *
 * The payload is readable by anyone who has the link (it is signed, not encrypted); docs/tracking.md says
 * what that means for the contact email.
 */

export const TOKEN_FORMAT = '1';
export const MAC_BYTES = 16;
/** Longest token accepted; longer input is rejected before any decoding. */
export const MAX_TOKEN_LENGTH = 8192;
export const MAX_REF_LENGTH = 128;

export type TokenKind = 'open' | 'click' | 'unsubscribe';

/** The message a token is about. */
export interface MessageRef {
  workspaceId: string;
  messageId: string;
  campaignId?: string;
  contactEmail?: string;
  variant?: string;
}

export type TrackingClaims =
  | (MessageRef & { kind: 'open' })
  | (MessageRef & { kind: 'unsubscribe' })
  | (MessageRef & { kind: 'click'; url: string; linkId?: string });

/** One version of a workspace's signing key. */
export interface TrackingKey {
  version: number;
  secret: Buffer;
}

/** A token whose structure is sound but whose signature is not yet checked. */
export interface UnverifiedToken {
  workspaceId: string;
  keyVersion: number;
  claims: TrackingClaims;
  signedPart: string;
  mac: Buffer;
}

const KIND_CODES = { open: 'o', click: 'c', unsubscribe: 'u' } as const satisfies Record<TokenKind, string>;
const KINDS_BY_CODE: Record<string, TokenKind> = { o: 'open', c: 'click', u: 'unsubscribe' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Click targets are absolute http(s) URLs in printable ASCII (as `new URL(…).href` writes them), so they are safe in a Location header. */
const CLICK_TARGET = /^https?:\/\/[\x21-\x7e]+$/i;
const KEY_TEXT = /^mp_track_v([1-9]\d{0,8})_([A-Za-z0-9_-]{43})$/;

function mac(secret: Buffer, signedPart: string): Buffer {
  return createHmac('sha256', secret).update(signedPart).digest().subarray(0, MAC_BYTES);
}

/** The key as senders hold it (e.g. for the nodemailer plugin): `mp_track_v<version>_<43 base64url chars>`. */
export function formatTrackingKey(key: TrackingKey): string {
  return `mp_track_v${key.version}_${key.secret.toString('base64url')}`;
}

/** Reads a key in the form `formatTrackingKey` writes; throws an Error that says what is wrong. */
export function parseTrackingKey(text: string): TrackingKey {
  const match = KEY_TEXT.exec(text.trim());
  if (!match) throw new Error('a tracking key looks like mp_track_v<version>_<43 base64url characters>');
  return { version: Number(match[1]), secret: Buffer.from(match[2]!, 'base64url') };
}

export function signToken(claims: TrackingClaims, key: TrackingKey): string {
  const payload: Record<string, string | number | undefined> = {
    t: KIND_CODES[claims.kind],
    w: claims.workspaceId,
    k: key.version,
    m: claims.messageId,
    c: claims.campaignId,
    e: claims.contactEmail,
    v: claims.variant,
  };
  if (claims.kind === 'click') {
    payload['u'] = claims.url;
    payload['l'] = claims.linkId;
  }
  const signedPart = `${TOKEN_FORMAT}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${signedPart}.${mac(key.secret, signedPart).toString('base64url')}`;
}

const optionalRef = (v: unknown): v is string | undefined => v === undefined || (typeof v === 'string' && v.length > 0 && v.length <= MAX_REF_LENGTH);

/**
 * Splits a token and reads its payload, without trusting it: the caller looks up the key the token names
 * and checks the signature with `hasValidSignature` before using any claim. Null for anything malformed.
 */
export function decodeToken(token: string): UnverifiedToken | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== TOKEN_FORMAT || !BASE64URL.test(parts[1]!) || !BASE64URL.test(parts[2]!)) return null;
  const macBytes = Buffer.from(parts[2]!, 'base64url');
  // Only the canonical spelling of the MAC is accepted, so one signature has exactly one token.
  if (macBytes.length !== MAC_BYTES || macBytes.toString('base64url') !== parts[2]) return null;
  let p: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    p = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const kind = typeof p['t'] === 'string' ? KINDS_BY_CODE[p['t']] : undefined;
  const { w, k, m, c, e, v } = p;
  if (!kind || typeof w !== 'string' || !UUID.test(w) || typeof k !== 'number' || !Number.isInteger(k) || k < 1) return null;
  if (typeof m !== 'string' || !m || m.length > MAX_REF_LENGTH || !optionalRef(c) || !optionalRef(v)) return null;
  if (e !== undefined && (typeof e !== 'string' || !e.includes('@') || e.length > 254)) return null;
  // Built by assignment rather than spreads: this runs once per pixel load and click, and a spread of an object
  // whose shape varies (optional fields) is several times slower than setting the fields.
  const claims: MessageRef & { kind: TokenKind; url?: string; linkId?: string } = { kind, workspaceId: w, messageId: m };
  if (c) claims.campaignId = c;
  if (e) claims.contactEmail = e;
  if (v) claims.variant = v;
  if (kind === 'click') {
    const { u, l } = p;
    if (typeof u !== 'string' || !CLICK_TARGET.test(u) || !optionalRef(l)) return null;
    claims.url = u;
    if (l) claims.linkId = l;
  }
  return { workspaceId: w, keyVersion: k, claims: claims as TrackingClaims, signedPart: `${parts[0]}.${parts[1]}`, mac: macBytes };
}

/** Constant-time check of the token's MAC against the key it names. */
export function hasValidSignature(token: UnverifiedToken, secret: Buffer): boolean {
  return timingSafeEqual(mac(secret, token.signedPart), token.mac);
}

/** Decodes and verifies in one step when the key is at hand (the API looks keys up through a cache instead). */
export function verifyToken(token: string, keyFor: (workspaceId: string, version: number) => Buffer | undefined): TrackingClaims | null {
  const decoded = decodeToken(token);
  if (!decoded) return null;
  const secret = keyFor(decoded.workspaceId, decoded.keyVersion);
  return secret && hasValidSignature(decoded, secret) ? decoded.claims : null;
}
