import { simulate } from '@mailpulse/simulator';
import type { IngestEvent } from '@mailpulse/contracts';
import { classifyEngagement, EngagementSignals, isBotUserAgent } from './engagement-classifier';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const T = Date.parse('2026-11-20T10:00:00Z');
const open = (over: Partial<EngagementSignals>): EngagementSignals => ({ type: 'email.opened', occurredAt: T, deliveredAt: T - 3_600_000, ...over });
const click = (over: Partial<EngagementSignals>): EngagementSignals => ({ type: 'email.clicked', occurredAt: T, deliveredAt: T - 3_600_000, ...over });

describe('isBotUserAgent', () => {
  it.each([
    ['a scanner the email-specific list names', 'Mozilla/5.0 (compatible; Barracuda Link Protection)', true],
    ["a crawler isbot's list names", 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', true],
    ['an HTTP library, with spaces around it', '  curl/8.4.0 ', true],
    ['a browser', CHROME, false],
    ['no user agent', undefined, false],
    ['a blank one', '   ', false],
  ])('%s', (_name, userAgent, bot) => {
    expect(isBotUserAgent(userAgent)).toBe(bot);
  });
});

describe('classifyEngagement', () => {
  it('gives every scanner signal that fired as a reason', () => {
    expect(classifyEngagement(click({ userAgent: 'python-requests/2.31.0', ip: '148.163.9.9', deliveredAt: T - 5_000 }))).toEqual({
      verdict: 'machine',
      reasons: ['bot-user-agent', 'security-gateway-network', 'click-seconds-after-delivery'],
    });
  });

  it.each([
    ['a send is not judged', { type: 'email.sent' as const, occurredAt: T, deliveredAt: null }, 'unknown', []],
    ['a HEAD request', click({ userAgent: CHROME, method: 'HEAD' }), 'machine', ['head-request']],
    ['a prefetch', open({ userAgent: CHROME, prefetch: true }), 'machine', ['prefetch-request']],
    ["the ESP's machine-open flag", open({ userAgent: CHROME, vendorMachineOpen: true }), 'machine', ['vendor-machine-flag']],
    ["Google's image proxy", open({ userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)' }), 'human', ['reader-image-proxy']],
    ["Yahoo's image proxy", open({ userAgent: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html' }), 'human', ['reader-image-proxy']],
    ['an MPP fetch seconds after delivery', open({ userAgent: 'Mozilla/5.0', ip: '17.58.1.2', deliveredAt: T - 20_000 }), 'machine', ['mpp-prefetch']],
    ['a reader behind the MPP proxy hours later', open({ userAgent: 'Mozilla/5.0', ip: '17.58.1.2' }), 'human', ['apple-proxy-open-later']],
    ['an Apple-proxy open before its delivery is known', open({ userAgent: 'Mozilla/5.0', deliveredAt: null }), 'machine', ['apple-proxy-open', 'delivery-time-unknown']],
    ['a scanner that names itself', click({ userAgent: 'Mozilla/5.0 (compatible; Barracuda Link Protection)' }), 'machine', ['bot-user-agent']],
    ['a headless browser', click({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36' }), 'machine', ['bot-user-agent']],
    ['a click from a mail gateway network', click({ userAgent: CHROME, ip: '40.107.12.3' }), 'machine', ['security-gateway-network']],
    ['a click seconds after delivery', click({ userAgent: CHROME, ip: '84.150.1.1', deliveredAt: T - 8_000 }), 'machine', ['click-seconds-after-delivery']],
    ['an open seconds after delivery', open({ userAgent: CHROME, ip: '84.150.1.1', deliveredAt: T - 4_000 }), 'machine', ['open-seconds-after-delivery']],
    ['a reader clicking in a browser', click({ userAgent: CHROME, ip: '84.150.1.1' }), 'human', ['browser']],
    ['an open without a user agent', open({}), 'unknown', ['no-user-agent']],
  ])('%s', (_name, signals, verdict, reasons) => {
    expect(classifyEngagement(signals)).toEqual({ verdict, reasons });
  });

  it("takes the caller's cached bot verdict of the user agent instead of testing it again", () => {
    expect(classifyEngagement(click({ userAgent: CHROME, botUserAgent: true }))).toEqual({ verdict: 'machine', reasons: ['bot-user-agent'] });
    expect(classifyEngagement(click({ userAgent: 'python-requests/2.31.0', botUserAgent: false }))).toEqual({ verdict: 'human', reasons: ['browser'] });
  });
});

/**
 * Scored against the simulator's labels. Events are judged in arrival order (duplicates, late events and all),
 * knowing a message's delivery only once its delivery event has arrived, in batches as the API sees them.
 */
describe('classifyEngagement against simulated traffic', () => {
  it('finds machine opens and clicks with precision and recall of at least 95 %', () => {
    const end = new Date(Date.UTC(2026, 10, 20));
    const run = simulate({ seed: 41, days: 4, contacts: 4000, end });
    const delivered = new Map<string, number>();
    const tally = { tp: 0, fp: 0, fn: 0, tn: 0, unknown: 0 };
    const byReason = new Map<string, number>();
    let batch: { event: IngestEvent; label: 'human' | 'machine' }[] = [];
    const judgeBatch = () => {
      for (const { event } of batch) {
        if (event.type === 'email.delivered' && event.messageId && !delivered.has(event.messageId)) delivered.set(event.messageId, Date.parse(event.occurredAt));
      }
      for (const { event, label } of batch) {
        if (event.type !== 'email.opened' && event.type !== 'email.clicked') continue;
        const p = (event.properties ?? {}) as Record<string, unknown>;
        const { verdict, reasons } = classifyEngagement({
          type: event.type,
          userAgent: p['userAgent'] as string | undefined,
          ip: p['ip'] as string | undefined,
          method: p['method'] as string | undefined,
          occurredAt: Date.parse(event.occurredAt),
          deliveredAt: delivered.get(event.messageId!) ?? null,
        });
        for (const r of reasons) byReason.set(r, (byReason.get(r) ?? 0) + 1);
        if (verdict === 'unknown') tally.unknown++;
        const machine = label === 'machine';
        if (verdict === 'machine') tally[machine ? 'tp' : 'fp']++;
        else tally[machine ? 'fn' : 'tn']++;
      }
      batch = [];
    };
    for (const { event, truth } of run) {
      batch.push({ event, label: truth.label });
      if (batch.length === 500) judgeBatch();
    }
    judgeBatch();
    const precision = tally.tp / (tally.tp + tally.fp);
    const recall = tally.tp / (tally.tp + tally.fn);
    console.log(`machine precision ${(precision * 100).toFixed(2)} %, recall ${(recall * 100).toFixed(2)} %`, tally, Object.fromEntries(byReason));
    expect(tally.tp + tally.fn).toBeGreaterThan(1000);
    expect(tally.tn).toBeGreaterThan(500);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
