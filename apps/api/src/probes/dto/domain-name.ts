import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { MAX_ID_LENGTH } from '@mailpulse/contracts';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

type Normalized = { name: string } | { reason: string };

/**
 * A domain or host name as the probes use it: trimmed, lower-case, without a trailing dot, international names
 * in their ASCII (punycode) form. At most 128 characters, the length an infra event's `domain`/`host` may have.
 * Returns the reason instead when it is not one.
 */
export function normalizeDomainName(input: string, minLabels = 2): Normalized {
  const trimmed = input.trim().replace(/\.$/, '');
  if (!trimmed) return { reason: 'must not be empty' };
  const ascii = domainToASCII(trimmed.toLowerCase());
  const labels = ascii.split('.');
  if (!ascii || !labels.every((l) => LABEL.test(l))) return { reason: `"${input.trim()}" is not a valid name (letters, digits and hyphens between dots)` };
  if (ascii.length > MAX_ID_LENGTH) return { reason: `must be at most ${MAX_ID_LENGTH} characters` };
  if (labels.length < minLabels) return { reason: `"${input.trim()}" is not a domain name with a dot, like example.com` };
  return { name: ascii };
}

/** An SMTP host: a host name (one label is enough, e.g. `localhost`) or an IP address, IPv6 with or without brackets. */
export function normalizeSmtpHost(input: string): Normalized {
  const unbracketed = input.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIP(unbracketed)) return { name: unbracketed.toLowerCase() };
  return normalizeDomainName(unbracketed, 1);
}
