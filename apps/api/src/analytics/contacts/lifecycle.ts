import type { LifecycleDay } from '@mailpulse/contracts';
import type { ContactActivity } from './contacts.repository';

export const INACTIVE_AFTER_DAYS = 15;
const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/**
 * The lifecycle funnel per day (the onboarding funnel of the Quix case study), for each day D in [fromDay, toDay]:
 * - new: contacts first seen on D;
 * - activated: contacts whose first meaningful action was on D;
 * - active: contacts with a meaningful action in the 15 days ending with D (D−14 … D);
 * - inactive: contacts active before, with no meaningful action in those 15 days.
 */
export function lifecycleFunnel(
  contacts: ContactActivity[],
  fromDay: string,
  toDay: string,
): LifecycleDay[] {
  const first = dayNumber(fromDay);
  const last = dayNumber(toDay);
  const n = last - first + 1;
  const days = Array.from({ length: n }, (_, i) => ({
    day: new Date((first + i) * DAY_MS).toISOString().slice(0, 10),
    new: 0,
    activated: 0,
    active: 0,
    inactive: 0,
  }));
  for (const c of contacts) {
    const seen = dayNumber(c.firstSeen) - first;
    if (seen >= 0 && seen < n) days[seen]!.new++;
    if (c.firstActive === null) continue;
    const activated = dayNumber(c.firstActive);
    if (activated - first >= 0 && activated - first < n)
      days[activated - first]!.activated++;
    const active = c.activeDays.map(dayNumber);
    let j = 0;
    let lastActive = -Infinity;
    for (let d = first; d <= last; d++) {
      while (j < active.length && active[j]! <= d) lastActive = active[j++]!;
      if (lastActive === -Infinity) continue;
      if (d - lastActive < INACTIVE_AFTER_DAYS) days[d - first]!.active++;
      else days[d - first]!.inactive++;
    }
  }
  return days;
}
