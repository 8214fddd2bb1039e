import { CronTime } from 'cron';

/** Upper bound on slots enumerated at once, so a per-second cron with a long catch-up cannot loop for ages. */
const MAX_SLOTS = 10_000;

/** Checks a cron expression and time zone; returns the problem in words, or null when both are valid. */
export function cronProblem(cron: string, timeZone: string): string | null {
  try {
    new CronTime(cron, timeZone);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The scheduled instants strictly after `after` and at or before `until`, oldest first. */
export function slotsBetween(cron: string, timeZone: string, after: Date, until: Date): Date[] {
  const time = new CronTime(cron, timeZone);
  const slots: Date[] = [];
  let cursor = after;
  while (slots.length < MAX_SLOTS) {
    const next = time.getNextDateFrom(cursor, timeZone).toJSDate();
    if (next.getTime() > until.getTime()) break;
    slots.push(next);
    cursor = next;
  }
  return slots;
}
