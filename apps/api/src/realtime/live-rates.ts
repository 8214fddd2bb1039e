import type { EventType, RealtimeLiveRates } from '@mailpulse/contracts';
import { complaintRate, deliveryRate, ratio, unsubscribeRate } from '@mailpulse/metrics';

type TypeCounts = Partial<Record<EventType, number>>;

/**
 * Rates over a live window's event counts, as libs/metrics defines them, in their "total" variant: every signal,
 * whatever its verdict, because the live store counts events per type only. Bounces per class, unique and
 * human-only rates come from the REST API (`/v1/overview` and friends).
 */
export function liveRates(counts: TypeCounts): RealtimeLiveRates {
  const n = (type: EventType) => counts[type] ?? 0;
  const sent = n('email.sent');
  const delivered = n('email.delivered');
  const opened = n('email.opened');
  const clicked = n('email.clicked');
  return {
    delivery: deliveryRate({ sent, delivered }),
    open: ratio(opened, delivered),
    click: ratio(clicked, delivered),
    clickToOpen: ratio(clicked, opened),
    bounce: ratio(n('email.bounced'), sent),
    complaint: complaintRate({ complaints: n('email.complained'), delivered }),
    unsubscribe: unsubscribeRate({ unsubscribes: n('email.unsubscribed'), delivered }),
  };
}
