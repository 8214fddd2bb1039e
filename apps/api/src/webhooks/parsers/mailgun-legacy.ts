import { CORRELATION_KEYS } from './email-event';

/** Legacy `dropped` reasons in the words of the current `failed` events (see mailgunBounceClass). */
const DROPPED_REASONS: Record<string, string> = {
  hardfail: 'suppress-bounce',
  maxfails: 'old',
  old: 'old',
};

const CLIENT_FIELDS = ['user-agent', 'client-type', 'client-name', 'client-os', 'device-type'] as const;

/**
 * A Mailgun **legacy** webhook (form fields: `event`, `recipient`, `timestamp`, `token`, `signature`,
 * `Message-Id`/`message-id`, `code`, `error`, `reason`, `url`, `ip`, `user-agent`, …; custom variables as fields of
 * their own) in the shape of the current JSON webhooks, `{signature, "event-data"}`, so one parser and one
 * signature check serve both. `bounced` and `dropped` are permanent `failed` events; the per-request `token`
 * (random, 50 characters) is the event id, since legacy webhooks carry none.
 */
export function mailgunLegacyToEventData(fields: Record<string, string>): Record<string, unknown> {
  const legacy = fields['event'];
  const failed = legacy === 'bounced' || legacy === 'dropped';
  const code = fields['code'] !== undefined && /^\d+$/.test(fields['code']) ? Number(fields['code']) : fields['code'];
  const messageId = fields['Message-Id'] ?? fields['message-id'];
  const userVariables = Object.fromEntries(Object.values(CORRELATION_KEYS).flatMap((key) => (fields[key] !== undefined ? [[key, fields[key]]] : [])));
  const clientInfo = Object.fromEntries(CLIENT_FIELDS.flatMap((key) => (fields[key] !== undefined ? [[key, fields[key]]] : [])));
  const timestamp = fields['timestamp'] !== undefined && /^\d+(\.\d+)?$/.test(fields['timestamp']) ? Number(fields['timestamp']) : fields['timestamp'];
  return {
    signature: { timestamp: fields['timestamp'], token: fields['token'], signature: fields['signature'] },
    'event-data': {
      event: failed ? 'failed' : legacy,
      ...(failed ? { severity: 'permanent', reason: legacy === 'dropped' ? (DROPPED_REASONS[fields['reason'] ?? ''] ?? fields['reason']) : 'bounce' } : {}),
      id: fields['token'],
      timestamp,
      recipient: fields['recipient'],
      ...(messageId ? { message: { headers: { 'message-id': messageId } } } : {}),
      ...(Object.keys(userVariables).length ? { 'user-variables': userVariables } : {}),
      ...(code !== undefined || fields['error'] || fields['description'] || fields['notification']
        ? { 'delivery-status': { code, message: fields['error'] ?? fields['description'], description: fields['notification'] } }
        : {}),
      ...(fields['url'] ? { url: fields['url'] } : {}),
      ...(fields['ip'] ? { ip: fields['ip'] } : {}),
      ...(Object.keys(clientInfo).length ? { 'client-info': clientInfo } : {}),
      ...(fields['tag'] ? { tags: [fields['tag']] } : {}),
    },
  };
}
