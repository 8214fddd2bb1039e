import type { SeededRandom } from '../random/seeded-random';
import type { SecurityGateway } from './recipient-domains';
import type { TimeZone } from './time-zones';

/** First two octets of address blocks; the last two are drawn. Chosen to look like the networks they stand for. */
type Block = readonly [number, number];

const RESIDENTIAL: Readonly<Record<TimeZone['region'], readonly Block[]>> = {
  europe: [
    [84, 150],
    [87, 123],
    [91, 64],
    [93, 212],
    [176, 198],
    [185, 45],
    [2, 204],
    [81, 56],
  ],
  americas: [
    [73, 162],
    [24, 5],
    [98, 210],
    [71, 185],
    [174, 63],
  ],
  'asia-pacific': [
    [116, 86],
    [49, 205],
    [122, 171],
    [101, 160],
  ],
};

/** Apple's proxies for Mail Privacy Protection. */
const APPLE_PROXY: readonly Block[] = [
  [17, 58],
  [17, 142],
  [104, 28],
];
const GOOGLE_PROXY: readonly Block[] = [
  [66, 249],
  [66, 102],
  [74, 125],
];
const YAHOO_PROXY: readonly Block[] = [
  [98, 136],
  [74, 6],
];
const GATEWAY_DATACENTERS: Readonly<Record<SecurityGateway, readonly Block[]>> =
  {
    'microsoft-defender': [
      [40, 94],
      [52, 100],
      [40, 107],
    ],
    proofpoint: [
      [148, 163],
      [67, 231],
    ],
    mimecast: [
      [207, 211],
      [91, 220],
    ],
    barracuda: [
      [209, 222],
      [64, 235],
    ],
  };

function addressIn(blocks: readonly Block[], random: SeededRandom): string {
  const [a, b] = random.pick(blocks);
  return `${a}.${b}.${random.int(256)}.${1 + random.int(254)}`;
}

export const ipAddresses = {
  residential: (region: TimeZone['region'], random: SeededRandom) =>
    addressIn(RESIDENTIAL[region], random),
  appleProxy: (random: SeededRandom) => addressIn(APPLE_PROXY, random),
  googleProxy: (random: SeededRandom) => addressIn(GOOGLE_PROXY, random),
  yahooProxy: (random: SeededRandom) => addressIn(YAHOO_PROXY, random),
  gateway: (gateway: SecurityGateway, random: SeededRandom) =>
    addressIn(GATEWAY_DATACENTERS[gateway], random),
};

/** Prefixes of every proxy and gateway block above, for tests and for labelling checks. */
export const MACHINE_OR_PROXY_PREFIXES = {
  apple: APPLE_PROXY.map(([a, b]) => `${a}.${b}.`),
  google: GOOGLE_PROXY.map(([a, b]) => `${a}.${b}.`),
  gateways: Object.values(GATEWAY_DATACENTERS).flatMap((blocks) =>
    blocks.map(([a, b]) => `${a}.${b}.`),
  ),
};
