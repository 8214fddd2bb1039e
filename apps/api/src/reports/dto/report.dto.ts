import { z } from 'zod';
import { id, withRange } from '../../analytics/query/analytics-query';
import { cronProblem } from '../../jobs/job-schedule';

/** GET /v1/reports/summary.pdf: a range of at most 92 days, the last 7 by default. */
export const summaryQuery = withRange({}, 7, 92);

export const campaignIdParam = id;

export const scheduleBody = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    /** Five fields (minute hour day-of-month month day-of-week), e.g. `0 8 * * 1` for Monday 08:00. */
    cron: z.string().trim().min(9, 'must be a cron expression such as 0 8 * * 1').max(100, 'must be at most 100 characters'),
    timeZone: z.string().trim().min(1, 'must be an IANA time zone such as Europe/Paris').default('UTC'),
    /** The report covers the `periodDays` before each run: 1 for a daily digest, 7 for a weekly one. */
    periodDays: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(92, 'must be at most 92').default(7),
    recipients: z.array(z.email({ error: 'must be an email address' }), { error: 'must be a list of email addresses' }).min(1, 'must name at least one address').max(50, 'must name at most 50 addresses'),
  })
  .superRefine((b, ctx) => {
    if (!Intl.supportedValuesOf('timeZone').includes(b.timeZone) && b.timeZone !== 'UTC') {
      ctx.addIssue({ code: 'custom', path: ['timeZone'], message: `must be an IANA time zone such as Europe/Paris ("${b.timeZone}" is not one)` });
      return;
    }
    if (b.cron.split(/\s+/).length !== 5) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'must have five fields: minute hour day-of-month month day-of-week' });
      return;
    }
    const problem = cronProblem(b.cron, b.timeZone);
    if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: `is not a valid cron expression (${problem})` });
  });
export type ScheduleBody = z.output<typeof scheduleBody>;

export const scheduleId = z.uuid({ error: 'must be a schedule id (uuid)' });
