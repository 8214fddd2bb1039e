import type { PluginFunction, SendMailOptions } from 'nodemailer/lib/mailer';
import { ListUnsubscribeHeaders, normalizeBaseUrl, prepareMessage } from './prepare-message';
import { MAX_REF_LENGTH, MessageRef, parseTrackingKey } from './tracking-token';

/**
 * The per-message inputs the plugin reads from `mail.data.headers` (names are case-insensitive). They are
 * removed from the outgoing message. A message without `X-Mailpulse-Message-Id` is sent untouched.
 */
export const MAILPULSE_HEADERS = {
  messageId: 'x-mailpulse-message-id',
  campaignId: 'x-mailpulse-campaign-id',
  contactEmail: 'x-mailpulse-contact-email',
  variant: 'x-mailpulse-variant',
} as const;

export interface MailpulseTrackingOptions {
  /** Where Mailpulse serves the tracking endpoints, e.g. `https://t.example.com` (`GET /v1/tracking/key` says). */
  baseUrl: string;
  workspaceId: string;
  /** The workspace's tracking key, `mp_track_v<n>_…` (`GET /v1/tracking/key` with the ingest key). */
  secret: string;
  /** Adds `<mailto:…>` to List-Unsubscribe. */
  unsubscribeMailto?: string;
}

type Headers = NonNullable<SendMailOptions['headers']>;
type HeaderEntry = { key: string; value: unknown };

/** Nodemailer takes headers as a map, one `{key, value}` or a list of them; this reads all three as a list. */
function headerEntries(headers: Headers | undefined): HeaderEntry[] {
  if (!headers) return [];
  if (Array.isArray(headers)) return headers;
  if (typeof headers.key === 'string' && 'value' in headers) return [headers as HeaderEntry];
  return Object.entries(headers).map(([key, value]) => ({ key, value }));
}

/** A header value as text: strings and numbers as they are, the first of a list, a prepared value's text. */
function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return headerText(value[0]);
  if (value && typeof value === 'object' && 'value' in value) return headerText((value as { value: unknown }).value);
  return undefined;
}

/** Removes the headers named in `names` (lower case) and returns what they held; the rest stays as a list. */
function takeHeaders(mail: SendMailOptions, names: readonly string[]): Map<string, string> {
  const taken = new Map<string, string>();
  const entries = headerEntries(mail.headers);
  const rest = entries.filter((h) => {
    const name = h.key.toLowerCase();
    if (!names.includes(name)) return true;
    const text = headerText(h.value);
    if (text !== undefined && !taken.has(name)) taken.set(name, text);
    return false;
  });
  if (rest.length !== entries.length) mail.headers = rest as Headers;
  return taken;
}

function setListUnsubscribe(mail: SendMailOptions, list: ListUnsubscribeHeaders): void {
  takeHeaders(mail, ['list-unsubscribe', 'list-unsubscribe-post']);
  // A copy without `unsubscribe`: the list object may be the sender's own, reused across messages.
  if (mail.list && 'unsubscribe' in mail.list) mail.list = Object.fromEntries(Object.entries(mail.list).filter(([key]) => key !== 'unsubscribe'));
  mail.headers = [...headerEntries(mail.headers), ...Object.entries(list).map(([key, value]) => ({ key, value }))] as Headers;
}

function ref(value: string | undefined, header: string): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (v.length > MAX_REF_LENGTH) throw new Error(`${header}: must be at most ${MAX_REF_LENGTH} characters`);
  return v;
}

/** The message facts from the X-Mailpulse-* headers, which it removes; null when the message is not tracked. */
function messageRefOf(mail: SendMailOptions, workspaceId: string): MessageRef | null {
  const taken = takeHeaders(mail, Object.values(MAILPULSE_HEADERS));
  const messageId = ref(taken.get(MAILPULSE_HEADERS.messageId), 'X-Mailpulse-Message-Id');
  if (!messageId) return null;
  const contactEmail = taken.get(MAILPULSE_HEADERS.contactEmail)?.trim().toLowerCase();
  if (contactEmail && !/^[^\s@]+@[^\s@]+$/.test(contactEmail)) throw new Error(`X-Mailpulse-Contact-Email: must be an email address (got "${contactEmail}")`);
  const campaignId = ref(taken.get(MAILPULSE_HEADERS.campaignId), 'X-Mailpulse-Campaign-Id');
  const variant = ref(taken.get(MAILPULSE_HEADERS.variant), 'X-Mailpulse-Variant');
  return { workspaceId, messageId, ...(campaignId ? { campaignId } : {}), ...(contactEmail ? { contactEmail } : {}), ...(variant ? { variant } : {}) };
}

/**
 * A nodemailer `compile` plugin that prepares each message as `POST /v1/messages/prepare` does (open pixel,
 * signed click links, List-Unsubscribe + List-Unsubscribe-Post), signing locally with the workspace's key:
 *
 *     transporter.use('compile', mailpulseTracking({ baseUrl, workspaceId, secret }));
 *     await transporter.sendMail({ ..., html, headers: { 'X-Mailpulse-Message-Id': 'msg-1', 'X-Mailpulse-Campaign-Id': 'spring' } });
 *
 * A text-only message gets the List-Unsubscribe headers and nothing else. An existing List-Unsubscribe
 * header or `list.unsubscribe` option is replaced.
 */
export function mailpulseTracking(options: MailpulseTrackingOptions): PluginFunction {
  // Checked once, so a wrong key or URL fails when the transport is set up rather than per message.
  const key = parseTrackingKey(options.secret);
  const baseUrl = normalizeBaseUrl(options.baseUrl);

  return (mail, done) => {
    let message: MessageRef | null;
    try {
      message = messageRefOf(mail.data, options.workspaceId);
    } catch (err) {
      done(err as Error);
      return;
    }
    if (!message) {
      done();
      return;
    }
    const target = message;
    const apply = (html: string) => {
      const prepared = prepareMessage({ ...target, html, baseUrl, secret: key, ...(options.unsubscribeMailto ? { unsubscribeMailto: options.unsubscribeMailto } : {}) });
      setListUnsubscribe(mail.data, prepared.headers);
      return prepared.html;
    };
    if (!mail.data.html) {
      try {
        apply('');
        done();
      } catch (err) {
        done(err as Error);
      }
      return;
    }
    // The html may be a string, a Buffer, a stream, a file path or a URL: nodemailer resolves it to content.
    mail.resolveContent(mail.data, 'html', (err, value: unknown) => {
      if (err) {
        done(err);
        return;
      }
      try {
        mail.data.html = apply(Buffer.isBuffer(value) ? value.toString('utf8') : String(value ?? ''));
        done();
      } catch (e) {
        done(e as Error);
      }
    });
  };
}
