import { z } from 'zod';
import { normalizeDomainName, normalizeSmtpHost } from './domain-name';

/** Most DKIM selectors one domain may have checked. */
export const MAX_DKIM_SELECTORS = 20;

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

/** A sending domain, normalised (see normalizeDomainName). */
export const domainName = z.string(required('a domain name')).transform((value, ctx) => {
  const result = normalizeDomainName(value);
  if ('reason' in result) {
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  }
  return result.name;
});

const selector = z
  .string(required('a string'))
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,63}(\.[a-z0-9_-]{1,63})*$/, 'must be a DKIM selector (letters, digits, "-" and "_", labels separated by dots)');

export const dkimSelectors = z
  .array(selector, required('a list of selectors, like ["s1", "google"]'))
  .max(MAX_DKIM_SELECTORS, `must have at most ${MAX_DKIM_SELECTORS} selectors`)
  .transform((list) => [...new Set(list)]);

/** Body of `POST /v1/sending-domains`. */
export const sendingDomainBody = z.strictObject(
  {
    domain: domainName,
    dkimSelectors: dkimSelectors.default([]),
  },
  required('a JSON object like {"domain": "example.com", "dkimSelectors": ["s1"]}'),
);
export type SendingDomainBody = z.output<typeof sendingDomainBody>;

const smtpHost = z.string(required('a host name or IP address')).transform((value, ctx) => {
  const result = normalizeSmtpHost(value);
  if ('reason' in result) {
    ctx.addIssue({ code: 'custom', message: result.reason });
    return z.NEVER;
  }
  return result.name;
});

/** Body of `POST /v1/smtp-hosts`. */
export const smtpHostBody = z.strictObject(
  {
    host: smtpHost,
    port: z.int(required('a whole number')).min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535').default(25),
    expectStarttls: z.boolean(required('true or false')).default(true),
    domain: domainName.optional(),
  },
  required('a JSON object like {"host": "mx.example.com", "port": 25, "expectStarttls": true}'),
);
export type SmtpHostBody = z.output<typeof smtpHostBody>;
