import { z } from 'zod';
import { MAX_ID_LENGTH } from '@mailpulse/contracts';

/** Largest HTML body `POST /v1/messages/prepare` takes (2 MiB; Gmail clips messages far smaller). */
export const MAX_PREPARE_HTML_LENGTH = 2 * 1024 * 1024;

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`) });
const id = z.string(required('a string')).trim().min(1, 'must not be empty').max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`);
const email = z.email(required('an email address')).max(254, 'must be at most 254 characters').toLowerCase();

/** Body of `POST /v1/messages/prepare`. */
export const prepareMessageBody = z.strictObject(
  {
    html: z.string(required('a string of HTML')).max(MAX_PREPARE_HTML_LENGTH, `must be at most ${MAX_PREPARE_HTML_LENGTH} characters`),
    messageId: id,
    campaignId: id.optional(),
    contact: z.strictObject({ email }, required('an object like {"email": "…"}')).optional(),
    variant: id.optional(),
    unsubscribeMailto: email.optional(),
  },
  required('a JSON object'),
);

export type PrepareMessageBody = z.output<typeof prepareMessageBody>;
