import { isbot } from 'isbot';
import { EventType, isEngagementEvent, Verdict } from '@mailpulse/contracts';

export interface EngagementSignals {
  type: EventType;
  userAgent?: string;
  method?: string;
  prefetch?: boolean;
}

const GOOGLE_IMAGE_PROXY = /GoogleImageProxy|ggpht\.com/i;
/** Apple Mail Privacy Protection fetches images through a proxy that sends a bare "Mozilla/5.0". */
const APPLE_MPP_PROXY = /^Mozilla\/5\.0$/;

/**
 * First-pass human/machine verdict for opens and clicks from the request's own signals. Google's image
 * proxy fetches on a person's behalf, so its opens are human even though it is, technically, a bot.
 */
export function engagementVerdict(s: EngagementSignals): Verdict {
  if (!isEngagementEvent(s.type)) return 'unknown';
  if (s.method === 'HEAD' || s.prefetch === true) return 'machine';
  const ua = s.userAgent?.trim();
  if (!ua) return 'unknown';
  if (GOOGLE_IMAGE_PROXY.test(ua)) return 'human';
  if (APPLE_MPP_PROXY.test(ua) || isbot(ua)) return 'machine';
  return 'human';
}
