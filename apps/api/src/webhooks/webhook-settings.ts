import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import type { WebhookVendor } from './webhook-vendor';

/** SNS signs with certificates it serves from URLs of this shape (global and China regions). */
export const DEFAULT_SNS_CERT_URL_PATTERN = '^https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/SimpleNotificationService-[A-Za-z0-9]+\\.pem$';

const sesVerification = z.object({
  /** SigningCertURL must match this regular expression. */
  certificateUrlPattern: z.string().default(DEFAULT_SNS_CERT_URL_PATTERN),
  /** PEM certificates (or public keys) the signature is checked against; none: the signature is not checked. */
  certificates: z.array(z.string()).default([]),
  /** Accepted TopicArns; none: any topic. */
  topicArns: z.array(z.string()).default([]),
});
const sendgridVerification = z.object({
  /** The Signed Event Webhook's ECDSA public key (PEM, SubjectPublicKeyInfo); absent: not checked. */
  publicKey: z.string().optional(),
});
const mailgunVerification = z.object({
  /** The HTTP webhook signing key; absent: not checked. */
  signingKey: z.string().optional(),
});
const postmarkVerification = z.object({
  basicAuth: z.object({ username: z.string(), passwordSha256: z.string() }).optional(),
  /** A header the webhook is configured to send, e.g. `x-mailpulse-secret`; its value is stored as SHA-256. */
  header: z.object({ name: z.string(), valueSha256: z.string() }).optional(),
});

export type SesVerification = z.output<typeof sesVerification>;
export type SendGridVerification = z.output<typeof sendgridVerification>;
export type MailgunVerification = z.output<typeof mailgunVerification>;
export type PostmarkVerification = z.output<typeof postmarkVerification>;

/** How requests to one webhook endpoint are verified; stored per endpoint, as JSON, without the vendor. */
export type EndpointVerification =
  | { vendor: 'ses'; settings: SesVerification }
  | { vendor: 'sendgrid'; settings: SendGridVerification }
  | { vendor: 'mailgun'; settings: MailgunVerification }
  | { vendor: 'postmark'; settings: PostmarkVerification };

/** Reads stored settings back; a row that does not parse is a bug, so this throws. */
export function parseVerification(vendor: WebhookVendor, stored: unknown): EndpointVerification {
  switch (vendor) {
    case 'ses':
      return { vendor, settings: sesVerification.parse(stored) };
    case 'sendgrid':
      return { vendor, settings: sendgridVerification.parse(stored) };
    case 'mailgun':
      return { vendor, settings: mailgunVerification.parse(stored) };
    case 'postmark':
      return { vendor, settings: postmarkVerification.parse(stored) };
  }
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** What `webhook:create` was given, flag by flag (certificates already read from their files). */
export interface VerificationFlags {
  mailgunSigningKey?: string;
  sendgridPublicKey?: string;
  postmarkBasicAuth?: string;
  postmarkHeader?: string;
  snsCertificates?: string[];
  snsCertUrlPattern?: string;
  snsTopicArns?: string[];
}

/** A flag that is wrong for the vendor or malformed; the message names the flag. */
export class WebhookSettingsError extends Error {
  constructor(
    readonly flag: string,
    message: string,
  ) {
    super(`${flag}: ${message}`);
  }
}

const FLAG_VENDOR: Record<keyof VerificationFlags, { flag: string; vendor: WebhookVendor }> = {
  mailgunSigningKey: { flag: '--mailgun-signing-key', vendor: 'mailgun' },
  sendgridPublicKey: { flag: '--sendgrid-public-key', vendor: 'sendgrid' },
  postmarkBasicAuth: { flag: '--postmark-basic-auth', vendor: 'postmark' },
  postmarkHeader: { flag: '--postmark-header', vendor: 'postmark' },
  snsCertificates: { flag: '--sns-certificate', vendor: 'ses' },
  snsCertUrlPattern: { flag: '--sns-cert-url-pattern', vendor: 'ses' },
  snsTopicArns: { flag: '--sns-topic-arn', vendor: 'ses' },
};

/** The stored setting each flag sets. */
const FLAG_SETTING: Record<keyof VerificationFlags, string> = {
  mailgunSigningKey: 'signingKey',
  sendgridPublicKey: 'publicKey',
  postmarkBasicAuth: 'basicAuth',
  postmarkHeader: 'header',
  snsCertificates: 'certificates',
  snsCertUrlPattern: 'certificateUrlPattern',
  snsTopicArns: 'topicArns',
};

/** Of settings built from flags, only those the flags actually set (for changing an existing endpoint). */
export function settingsGivenBy(built: EndpointVerification, flags: VerificationFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flags) as [keyof VerificationFlags, unknown][]) {
    const given = Array.isArray(value) ? value.length > 0 : value !== undefined;
    const setting = FLAG_SETTING[key];
    if (given) out[setting] = (built.settings as Record<string, unknown>)[setting];
  }
  return out;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Turns `webhook:create` flags into the settings stored for a new endpoint; secrets the vendor sends are hashed. */
export function buildVerification(vendor: WebhookVendor, flags: VerificationFlags): EndpointVerification {
  for (const [key, value] of Object.entries(flags) as [keyof VerificationFlags, unknown][]) {
    const given = Array.isArray(value) ? value.length > 0 : value !== undefined;
    if (given && FLAG_VENDOR[key].vendor !== vendor) {
      throw new WebhookSettingsError(FLAG_VENDOR[key].flag, `applies to --vendor ${FLAG_VENDOR[key].vendor}, not ${vendor}`);
    }
  }
  switch (vendor) {
    case 'ses':
      return { vendor, settings: sesSettingsFrom(flags) };
    case 'sendgrid':
      return { vendor, settings: flags.sendgridPublicKey === undefined ? {} : { publicKey: sendGridPublicKeyPem(flags.sendgridPublicKey) } };
    case 'mailgun': {
      const key = flags.mailgunSigningKey?.trim();
      if (key === '') throw new WebhookSettingsError('--mailgun-signing-key', 'must not be empty');
      return { vendor, settings: key === undefined ? {} : { signingKey: key } };
    }
    case 'postmark':
      return { vendor, settings: postmarkSettingsFrom(flags) };
  }
}

function sesSettingsFrom(flags: VerificationFlags): SesVerification {
  const certificates = (flags.snsCertificates ?? []).map((pem) => {
    try {
      return new X509Certificate(pem).toString();
    } catch {
      try {
        return createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
      } catch {
        throw new WebhookSettingsError('--sns-certificate', 'is not a PEM certificate or public key');
      }
    }
  });
  const pattern = flags.snsCertUrlPattern ?? DEFAULT_SNS_CERT_URL_PATTERN;
  try {
    new RegExp(pattern);
  } catch (err) {
    throw new WebhookSettingsError('--sns-cert-url-pattern', `is not a regular expression (${(err as Error).message})`);
  }
  const topicArns = flags.snsTopicArns ?? [];
  const badArn = topicArns.find((arn) => !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/.test(arn));
  if (badArn !== undefined) throw new WebhookSettingsError('--sns-topic-arn', `"${badArn}" is not an SNS topic ARN`);
  return { certificateUrlPattern: pattern, certificates, topicArns };
}

/** SendGrid shows the key as base64 DER (SubjectPublicKeyInfo); a PEM is accepted too. Stored as PEM. */
function sendGridPublicKeyPem(given: string): string {
  const text = given.trim();
  let key;
  try {
    key = text.includes('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  } catch {
    throw new WebhookSettingsError('--sendgrid-public-key', 'is not a public key (expected the base64 "Verification Key" from SendGrid, or a PEM)');
  }
  if (key.asymmetricKeyType !== 'ec') throw new WebhookSettingsError('--sendgrid-public-key', `is a ${key.asymmetricKeyType} key; SendGrid signs with ECDSA`);
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

function postmarkSettingsFrom(flags: VerificationFlags): PostmarkVerification {
  const settings: PostmarkVerification = {};
  if (flags.postmarkBasicAuth !== undefined) {
    const colon = flags.postmarkBasicAuth.indexOf(':');
    const username = colon === -1 ? '' : flags.postmarkBasicAuth.slice(0, colon);
    const password = colon === -1 ? '' : flags.postmarkBasicAuth.slice(colon + 1);
    if (!username || !password) throw new WebhookSettingsError('--postmark-basic-auth', 'must be user:password');
    settings.basicAuth = { username, passwordSha256: sha256Hex(password) };
  }
  if (flags.postmarkHeader !== undefined) {
    const colon = flags.postmarkHeader.indexOf(':');
    const name = colon === -1 ? '' : flags.postmarkHeader.slice(0, colon).trim();
    const value = colon === -1 ? '' : flags.postmarkHeader.slice(colon + 1).trim();
    if (!HEADER_NAME.test(name) || !value) throw new WebhookSettingsError('--postmark-header', 'must be "Header-Name: secret value"');
    settings.header = { name: name.toLowerCase(), valueSha256: sha256Hex(value) };
  }
  return settings;
}

/** One line saying how requests will be authenticated, for the CLI and the logs. */
export function describeVerification(v: EndpointVerification): string {
  switch (v.vendor) {
    case 'ses':
      return v.settings.certificates.length
        ? `SNS signatures checked against ${v.settings.certificates.length} configured certificate(s)`
        : 'SNS signatures NOT checked (no certificate configured); the token in the URL and the certificate URL pattern are the only checks';
    case 'sendgrid':
      return v.settings.publicKey ? 'SendGrid signatures checked with the configured public key' : 'SendGrid signatures NOT checked (no public key); the token in the URL is the only credential';
    case 'mailgun':
      return v.settings.signingKey ? 'Mailgun signatures checked with the configured signing key' : 'Mailgun signatures NOT checked (no signing key); the token in the URL is the only credential';
    case 'postmark': {
      const parts = [v.settings.basicAuth ? 'basic auth' : '', v.settings.header ? `the ${v.settings.header.name} header` : ''].filter(Boolean);
      return parts.length ? `Postmark requests must carry ${parts.join(' and ')}` : 'Postmark requests NOT checked (no basic auth or header); the token in the URL is the only credential';
    }
  }
}
