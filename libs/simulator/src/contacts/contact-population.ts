import { SeededRandom } from '../random/seeded-random';
import {
  BROWSER_USER_AGENTS,
  DEVICE_OPEN_USER_AGENTS,
} from '../world/user-agents';
import { ipAddresses } from '../world/ip-ranges';
import { MAIL_CLIENTS, type MailClient } from '../world/mail-clients';
import { RECIPIENT_DOMAINS } from '../world/recipient-domains';
import { PREFERRED_HOUR_WEIGHTS, TIME_ZONES } from '../world/time-zones';
import type { Contact } from './contact';
import { FAMILY_NAMES, GIVEN_NAMES } from './contact-names';

const CONTACT_STREAM = 0x0c0ffee;
/** Below this size every derived contact is kept; above it they are re-derived on demand to bound memory. */
const CACHE_LIMIT = 250_000;

const DOMAIN_SHARES = RECIPIENT_DOMAINS.map((d) => d.share);
const TIME_ZONE_SHARES = TIME_ZONES.map((z) => z.share);

/**
 * The workspace's contact list. Contact `i` is a pure function of (seed, i), so a million contacts need
 * no storage: any part of the simulation can ask for any contact at any time and gets the same person.
 */
export class ContactPopulation {
  private readonly cache: (Contact | undefined)[] | undefined;

  constructor(
    private readonly seed: number,
    readonly size: number,
  ) {
    this.cache =
      size <= CACHE_LIMIT ? new Array<Contact | undefined>(size) : undefined;
  }

  get(index: number): Contact {
    if (this.cache === undefined) return this.derive(index);
    return (this.cache[index] ??= this.derive(index));
  }

  *all(): Generator<Contact> {
    for (let i = 0; i < this.size; i++) yield this.get(i);
  }

  private derive(index: number): Contact {
    const random = SeededRandom.derive(this.seed, CONTACT_STREAM, index);
    const domain = RECIPIENT_DOMAINS[random.weightedIndex(DOMAIN_SHARES)];
    const client =
      MAIL_CLIENTS[
        random.weightedIndex(MAIL_CLIENTS.map((c) => domain.clientMix[c]))
      ];
    const timeZone = TIME_ZONES[random.weightedIndex(TIME_ZONE_SHARES)];
    const preferredHourLocal = random.weightedIndex(PREFERRED_HOUR_WEIGHTS);
    // Kumaraswamy(1, 3): most people rarely open, a loyal minority nearly always does; mean 0.25.
    const propensity = 1 - Math.cbrt(1 - random.next());
    const clickAffinity = random.logNormal(1, 0.5);
    return {
      index,
      email: `${localPart(random, index)}@${domain.name}`,
      domain,
      client,
      timeZone,
      preferredHourLocal,
      propensity,
      clickAffinity,
      ip: ipAddresses.residential(timeZone.region, random),
      browserUserAgent: random.pick(browserFamily(client, random)),
      deviceOpenUserAgent: deviceOpenUserAgent(client, random),
    };
  }
}

function localPart(random: SeededRandom, index: number): string {
  const given = random.pick(GIVEN_NAMES);
  const family = random.pick(FAMILY_NAMES);
  switch (random.int(3)) {
    case 0:
      return `${given}.${family}${index}`;
    case 1:
      return `${given}${family}${index}`;
    default:
      return `${given[0]}.${family}${index}`;
  }
}

function browserFamily(
  client: MailClient,
  random: SeededRandom,
): readonly string[] {
  if (client === 'apple-mail-mpp' || client === 'apple-mail')
    return BROWSER_USER_AGENTS.apple;
  if (client === 'outlook') return BROWSER_USER_AGENTS.desktop;
  return random.chance(0.55)
    ? BROWSER_USER_AGENTS.android
    : BROWSER_USER_AGENTS.desktop;
}

function deviceOpenUserAgent(
  client: MailClient,
  random: SeededRandom,
): string | undefined {
  if (client === 'gmail' || client === 'apple-mail-mpp') return undefined;
  return random.pick(DEVICE_OPEN_USER_AGENTS[client]);
}
