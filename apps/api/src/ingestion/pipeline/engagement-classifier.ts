import { isbot } from 'isbot';
import ipaddr from 'ipaddr.js';
import { EventType, isEngagementEvent, Verdict } from '@mailpulse/contracts';

export interface EngagementSignals {
  type: EventType;
  userAgent?: string;
  ip?: string;
  method?: string;
  /** A `Purpose: prefetch` request, or the sender said so. */
  prefetch?: boolean;
  /** The ESP flagged the open as a machine's (SendGrid `sg_machine_open`, Mailgun `client-info.bot`). */
  vendorMachineOpen?: boolean;
  /** When the open or click happened, epoch ms. */
  occurredAt: number;
  /** When the message was first delivered, epoch ms, if known. */
  deliveredAt: number | null;
  /** `isBotUserAgent(userAgent)` when the caller has it already (the enricher caches it per user agent). */
  botUserAgent?: boolean;
}

export interface EngagementJudgement {
  verdict: Verdict;
  reasons: string[];
}

/** Image proxies that fetch when the reader opens: the open is a person's even though the request is the proxy's. */
const READER_IMAGE_PROXY = /GoogleImageProxy|ggpht\.com|YahooMailProxy/i;
/** Apple Mail Privacy Protection's proxy sends a bare product token from Apple's network. */
const APPLE_PROXY_USER_AGENT = /^Mozilla\/5\.0$/;
const APPLE_NETWORK = ipaddr.parseCIDR('17.0.0.0/8');
/** Link scanners and HTTP libraries that isbot's general list leaves out or that mail gateways are known to use. */
const SCANNER_USER_AGENT = /Barracuda|Proofpoint|Mimecast|Link ?Protect|SafeLinks|urldefense|HeadlessChrome|python-requests|Go-http-client|curl\//i;
/**
 * Networks of the big mail security gateways (Microsoft Exchange Online Protection, Proofpoint, Mimecast,
 * Barracuda), as the vendors publish them for allow-listing. A click from here is their scanner, not a reader.
 */
const GATEWAY_NETWORKS = [
  '40.92.0.0/15', '40.94.0.0/16', '40.107.0.0/16', '52.100.0.0/14', '104.47.0.0/17',
  '148.163.0.0/16', '67.231.144.0/20',
  '207.211.0.0/16', '91.220.42.0/24',
  '209.222.80.0/21', '64.235.144.0/20',
].map((c) => ipaddr.parseCIDR(c));

/** MPP fetches within moments of delivery; a reader behind the same proxy opens later. */
const APPLE_PREFETCH_WINDOW_MS = 120_000;
/** Nobody reads a message and clicks in it within a minute of its delivery; gateways scan in seconds. */
const SCAN_CLICK_WINDOW_MS = 60_000;
const SCAN_OPEN_WINDOW_MS = 15_000;

type Address = ipaddr.IPv4 | ipaddr.IPv6;

function addressOf(ip: string | undefined): Address | null {
  return ip && ipaddr.isValid(ip) ? ipaddr.process(ip) : null;
}

function inNetworks(addr: Address | null, networks: readonly [Address, number][]): boolean {
  return addr !== null && networks.some((net) => addr.kind() === net[0].kind() && addr.match(net));
}

/** A known bot, link scanner or HTTP library: isbot's list plus the email-specific ones. */
export function isBotUserAgent(userAgent: string | undefined): boolean {
  const ua = userAgent?.trim() ?? '';
  return ua !== '' && (SCANNER_USER_AGENT.test(ua) || isbot(ua));
}

const judged = (verdict: Verdict, ...reasons: string[]): EngagementJudgement => ({ verdict, reasons });

/**
 * Human or machine, with the reasons, for an open or a click, from several signals rather than one: the request
 * (HEAD, prefetch), the vendor's flag, known proxies and scanners (isbot plus the email-specific ones), the
 * network it came from, and how soon after the message's delivery it happened. Google's and Yahoo's image
 * proxies fetch on a reader's behalf, so their opens are human.
 */
export function classifyEngagement(s: EngagementSignals): EngagementJudgement {
  if (!isEngagementEvent(s.type)) return judged('unknown');
  const isClick = s.type === 'email.clicked';
  const ua = s.userAgent?.trim() ?? '';
  const sinceDelivery = s.deliveredAt === null ? null : s.occurredAt - s.deliveredAt;

  // Signals in the request itself or from the ESP: each alone is enough.
  const reasons: string[] = [];
  if (s.method === 'HEAD') reasons.push('head-request');
  if (s.prefetch && !s.vendorMachineOpen) reasons.push('prefetch-request');
  if (s.vendorMachineOpen) reasons.push('vendor-machine-flag');
  if (reasons.length > 0) return judged('machine', ...reasons);

  if (ua && READER_IMAGE_PROXY.test(ua)) return judged('human', 'reader-image-proxy');

  // Apple's proxy carries both MPP's prefetch and the reader's own later opens: timing tells them apart.
  const addr = addressOf(s.ip);
  const appleProxy = (ua !== '' && APPLE_PROXY_USER_AGENT.test(ua)) || inNetworks(addr, [APPLE_NETWORK]);
  if (appleProxy && !isClick) {
    if (sinceDelivery === null) return judged('machine', 'apple-proxy-open', 'delivery-time-unknown');
    return sinceDelivery < APPLE_PREFETCH_WINDOW_MS ? judged('machine', 'mpp-prefetch') : judged('human', 'apple-proxy-open-later');
  }

  // Scanner signals: who asks, from where, and how soon after delivery. All that fire are given as reasons.
  if (s.botUserAgent ?? isBotUserAgent(ua)) reasons.push('bot-user-agent');
  if (inNetworks(addr, GATEWAY_NETWORKS)) reasons.push('security-gateway-network');
  if (sinceDelivery !== null && sinceDelivery < (isClick ? SCAN_CLICK_WINDOW_MS : SCAN_OPEN_WINDOW_MS)) {
    reasons.push(isClick ? 'click-seconds-after-delivery' : 'open-seconds-after-delivery');
  }
  if (reasons.length > 0) return judged('machine', ...reasons);
  if (!ua) return judged('unknown', 'no-user-agent');
  return judged('human', 'browser');
}
