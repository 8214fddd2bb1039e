import { MACHINE_OR_PROXY_PREFIXES } from './world/ip-ranges';
import { findRecipientDomain } from './world/recipient-domains';
import {
  APPLE_MPP_PROXY_USER_AGENT,
  GOOGLE_IMAGE_PROXY_USER_AGENT,
} from './world/user-agents';
import {
  byMessage,
  collectRun,
  distinctItems,
  domainOf,
  propertiesOf,
  timeOf,
} from './testing/collected-run';

const startsWithAny = (value: unknown, prefixes: readonly string[]) =>
  typeof value === 'string' && prefixes.some((p) => value.startsWith(p));

describe('machine traffic and its labels', () => {
  const { items, contactsByEmail } = collectRun({
    seed: 8,
    days: 10,
    contacts: 4000,
    background: false,
  });
  const messages = [...byMessage(distinctItems(items)).values()];
  const deliveredAt = (events: (typeof messages)[number]) => {
    const delivered = events.find((e) => e.event.type === 'email.delivered');
    return delivered === undefined ? undefined : timeOf(delivered.event);
  };

  it('labels Apple MPP pre-fetch opens machine: at delivery, through the proxy, for MPP readers only', () => {
    let prefetches = 0;
    let mppDelivered = 0;
    let mppPrefetched = 0;
    for (const events of messages) {
      const delivered = deliveredAt(events);
      if (delivered === undefined) continue;
      const contact = contactsByEmail.get(events[0].event.contact?.email ?? '');
      const machineOpens = events.filter(
        (e) =>
          e.event.type === 'email.opened' &&
          e.truth.label === 'machine' &&
          propertiesOf(e.event).userAgent === APPLE_MPP_PROXY_USER_AGENT,
      );
      for (const open of machineOpens) {
        prefetches++;
        expect(contact?.client).toBe('apple-mail-mpp');
        expect(timeOf(open.event) - delivered).toBeGreaterThanOrEqual(0);
        expect(timeOf(open.event) - delivered).toBeLessThanOrEqual(90_000);
        expect(
          startsWithAny(
            propertiesOf(open.event).ip,
            MACHINE_OR_PROXY_PREFIXES.apple,
          ),
        ).toBe(true);
      }
      if (contact?.client === 'apple-mail-mpp') {
        mppDelivered++;
        if (machineOpens.length > 0) mppPrefetched++;
      }
    }
    expect(prefetches).toBeGreaterThan(500);
    // Everything that reaches the inbox is pre-fetched; only spam-foldered mail is not.
    expect(mppPrefetched / mppDelivered).toBeGreaterThan(0.93);
  });

  it('labels link-scanner clicks machine: every link including unsubscribe, seconds after delivery, from data centres', () => {
    let scanned = 0;
    let head = 0;
    let scannerClicks = 0;
    for (const events of messages) {
      const machineClicks = events.filter(
        (e) => e.event.type === 'email.clicked' && e.truth.label === 'machine',
      );
      if (machineClicks.length === 0) continue;
      scanned++;
      const delivered = deliveredAt(events) ?? Number.NaN;
      expect(
        findRecipientDomain(domainOf(events[0].event))?.gateway,
      ).toBeDefined();
      const linkIds = new Set(
        machineClicks.map((e) => propertiesOf(e.event).linkId),
      );
      expect(linkIds.has('unsubscribe')).toBe(true);
      expect(linkIds.has('l1')).toBe(true);
      for (const click of machineClicks) {
        scannerClicks++;
        expect(timeOf(click.event) - delivered).toBeLessThan(60_000);
        expect(
          startsWithAny(
            propertiesOf(click.event).ip,
            MACHINE_OR_PROXY_PREFIXES.gateways,
          ),
        ).toBe(true);
        if (propertiesOf(click.event).method === 'HEAD') head++;
      }
    }
    expect(scanned).toBeGreaterThan(200);
    expect(head / scannerClicks).toBeGreaterThan(0.1);
    expect(head / scannerClicks).toBeLessThan(0.5);
  });

  it('labels Google image-proxy opens human', () => {
    const proxied = items.filter(
      (e) =>
        e.event.type === 'email.opened' &&
        propertiesOf(e.event).userAgent === GOOGLE_IMAGE_PROXY_USER_AGENT,
    );
    expect(proxied.length).toBeGreaterThan(300);
    for (const open of proxied) {
      expect(open.truth.label).toBe('human');
      expect(
        startsWithAny(
          propertiesOf(open.event).ip,
          MACHINE_OR_PROXY_PREFIXES.google,
        ),
      ).toBe(true);
    }
  });

  it('never labels a click from a scanner network human, nor a click from a reader machine', () => {
    const mislabelled = items.filter(({ event, truth }) => {
      if (event.type !== 'email.clicked') return false;
      const fromGateway = startsWithAny(
        propertiesOf(event).ip,
        MACHINE_OR_PROXY_PREFIXES.gateways,
      );
      return truth.label !== (fromGateway ? 'machine' : 'human');
    });
    expect(mislabelled).toEqual([]);
  });

  it('gives every open and click a user agent and an IP', () => {
    const missing = items.filter(({ event }) => {
      if (event.type !== 'email.opened' && event.type !== 'email.clicked')
        return false;
      return (
        typeof propertiesOf(event).userAgent !== 'string' ||
        typeof propertiesOf(event).ip !== 'string'
      );
    });
    expect(missing).toEqual([]);
  });
});
