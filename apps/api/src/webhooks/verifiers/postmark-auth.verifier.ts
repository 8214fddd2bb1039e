import type { PostmarkVerification } from '../webhook-settings';
import { sha256Hex } from '../webhook-settings';
import { refused, safeEqual, VERIFIED, VerificationResult } from './verification-result';

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Postmark does not sign webhooks; it sends the basic-auth credentials in the webhook URL (or its HttpAuth
 * setting) and any custom headers configured on the webhook. Each one configured here must match.
 */
export function verifyPostmarkRequest(settings: PostmarkVerification, headers: Headers): VerificationResult {
  if (settings.basicAuth) {
    const authorization = header(headers, 'authorization');
    const match = authorization ? /^Basic\s+(\S+)$/i.exec(authorization) : null;
    if (!match) return refused('basic auth credentials are missing (put user:password in the webhook URL or its HTTP auth settings)', true);
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon === -1 ? decoded : decoded.slice(0, colon);
    const password = colon === -1 ? '' : decoded.slice(colon + 1);
    const userOk = safeEqual(username, settings.basicAuth.username);
    const passwordOk = safeEqual(sha256Hex(password), settings.basicAuth.passwordSha256);
    if (!userOk || !passwordOk) return refused('basic auth credentials do not match');
  }
  if (settings.header) {
    const value = header(headers, settings.header.name);
    if (value === undefined) return refused(`the ${settings.header.name} header is missing`, true);
    if (!safeEqual(sha256Hex(value.trim()), settings.header.valueSha256)) return refused(`the ${settings.header.name} header does not match`);
  }
  return VERIFIED;
}
