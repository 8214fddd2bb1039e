import { LRUCache } from 'lru-cache';
import { UAParser } from 'ua-parser-js';
import { isBotUserAgent } from './engagement-classifier';

export interface ParsedUserAgent {
  client: string | null;
  os: string | null;
  device: string | null;
  /** A known bot, scanner or HTTP library (`isBotUserAgent`). */
  bot: boolean;
}

const EMPTY: ParsedUserAgent = { client: null, os: null, device: null, bot: false };

/**
 * Client, OS and device of a user agent (ua-parser-js) and whether it is a bot's, cached: a campaign's opens
 * share a handful of agents.
 */
export class UserAgentParser {
  private readonly cache = new LRUCache<string, ParsedUserAgent>({ max: 20_000 });

  parse(userAgent: string | undefined): ParsedUserAgent {
    if (!userAgent) return EMPTY;
    const hit = this.cache.get(userAgent);
    if (hit) return hit;
    const r = new UAParser(userAgent).getResult();
    const parsed: ParsedUserAgent = {
      client: r.browser.name ?? null,
      os: r.os.name ?? null,
      // ua-parser leaves `type` empty for desktops.
      device: r.device.type ?? (r.os.name ? 'desktop' : null),
      bot: isBotUserAgent(userAgent),
    };
    this.cache.set(userAgent, parsed);
    return parsed;
  }
}
