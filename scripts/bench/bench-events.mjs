// Realistic event batches for the benchmarks: message lifecycles (sent, delivered, opens incl. machine opens,
// clicks, some bounces) across campaigns, recipient domains and mail clients.
const DOMAINS = ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'hotmail.com', 'acme-corp.com', 'globex.io', 'initech.net'];
const AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0',
  'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
];

/**
 * `count` events shaped like a live stream: messages are sent in order over the last `spanMinutes`, each
 * followed by its delivery, opens and clicks seconds to minutes later, so event time tracks arrival time;
 * one message in twenty reports hours late (as ESP webhooks retried after an outage do).
 */
export function makeEvents(run, count, spanMinutes = 30) {
  const now = Date.now();
  const events = [];
  let m = 0;
  while (events.length < count) {
    const messageId = `${run}-m${m}`;
    const campaignId = `camp-${m % 12}`;
    const contact = { email: `person${m % 40000}@${DOMAINS[m % DOMAINS.length]}` };
    const expected = count / 3;
    const late = m % 20 === 7 ? 3 * 3_600_000 : 0;
    const t0 = now - spanMinutes * 60_000 * (1 - Math.min(m / expected, 1)) - late;
    const at = (s) => new Date(Math.min(t0 + s * 1000, now)).toISOString();
    const variant = m % 2 ? 'A' : 'B';
    const push = (type, s, properties = {}) => events.push({ id: `${run}-${events.length}`, type, occurredAt: at(s), messageId, campaignId, contact, properties });
    push('email.sent', 0, { variant });
    if (m % 40 === 0) push('email.bounced', 3, { bounceClass: m % 80 === 0 ? 'hard' : 'soft', reason: '550 5.1.1 user unknown' });
    else {
      push('email.delivered', 2, { variant });
      if (m % 3 === 0) push('email.opened', 30, { userAgent: AGENTS[m % AGENTS.length], ip: `203.0.113.${m % 250}` });
      if (m % 9 === 0) push('email.clicked', 45, { url: `https://shop.example.com/p/${m % 20}`, userAgent: AGENTS[m % AGENTS.length], ip: `203.0.113.${m % 250}` });
    }
    m++;
  }
  return events.slice(0, count);
}

export function chunk(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
