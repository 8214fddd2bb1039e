import { z } from 'zod';

const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const httpsUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

export const createChannelBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('email'),
      name,
      recipients: z.array(z.email({ error: 'must be an email address' }), { error: 'must be a list of email addresses' }).min(1, 'must name at least one address').max(50, 'must name at most 50 addresses'),
    }),
    z.strictObject({ kind: z.literal('slack'), name, url: httpsUrl }),
    z.strictObject({
      kind: z.literal('webhook'),
      name,
      url: httpsUrl,
      /** The HMAC-SHA256 key the receiver checks `X-Mailpulse-Signature` with. */
      secret: z.string().min(16, 'must be at least 16 characters').max(256, 'must be at most 256 characters'),
    }),
  ],
  { error: 'must be email, slack or webhook' },
);
export type CreateChannelBody = z.output<typeof createChannelBody>;

export const channelId = z.uuid({ error: 'must be a channel id (uuid)' });
