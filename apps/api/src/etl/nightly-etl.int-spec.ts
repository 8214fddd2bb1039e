import type { Pool } from 'pg';
import { createPool } from '../database/database.module';
import { JobRunner } from '../jobs/job.runner';
import { startTestApp, TestApp } from '../../test/support/test-app';
import { NIGHTLY_ETL_JOB } from './etl.schedule';

interface StateRow {
  message_id: string;
  campaign_id: string;
  contact_email: string;
  recipient_domain: string;
  sent_at: string;
  last_delivered_at?: string;
  last_bounced_at?: string;
  bounce_class?: string;
  first_open_at?: string;
  first_human_open_at?: string;
  first_human_click_at?: string;
  first_click_at?: string;
  complained_at?: string;
}

describe('nightly ETL', () => {
  let t: TestApp;
  let pool: Pool;
  beforeAll(async () => {
    t = await startTestApp();
    pool = createPool(t.config.DATABASE_URL, 2);
  });
  afterAll(async () => {
    await t.close();
    await pool.end();
  });

  async function insertStates(workspaceId: string, rows: StateRow[]): Promise<void> {
    for (const r of rows) {
      await pool.query(
        `INSERT INTO message_states (workspace_id, message_id, campaign_id, contact_email, recipient_domain, sent_at, last_delivered_at,
           last_bounced_at, bounce_class, first_open_at, first_human_open_at, first_click_at, first_human_click_at, complained_at, last_event_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $6)`,
        [workspaceId, r.message_id, r.campaign_id, r.contact_email, r.recipient_domain, r.sent_at, r.last_delivered_at ?? null, r.last_bounced_at ?? null,
          r.bounce_class ?? null, r.first_open_at ?? null, r.first_human_open_at ?? null, r.first_click_at ?? null, r.first_human_click_at ?? null, r.complained_at ?? null],
      );
    }
  }

  it('writes hand-checked daily aggregates for the days before the slot, the same on a re-run, scoped to the workspace', async () => {
    const { workspaceId } = await t.newWorkspace();
    // Tuesday 3 March 2020: two messages of c1 (ann opens at 18:10 and clicks, bob hard-bounces), one of c2 to ann
    // opened by a machine only, and a complaint from cy; Wednesday 4 March: one message to ann.
    await insertStates(workspaceId, [
      { message_id: 'm1', campaign_id: 'c1', contact_email: 'ann@gmail.com', recipient_domain: 'gmail.com', sent_at: '2020-03-03T09:00:00Z', last_delivered_at: '2020-03-03T09:00:02Z', first_open_at: '2020-03-03T18:10:00Z', first_human_open_at: '2020-03-03T18:10:00Z', first_click_at: '2020-03-03T18:11:00Z', first_human_click_at: '2020-03-03T18:11:00Z' },
      { message_id: 'm2', campaign_id: 'c1', contact_email: 'bob@yahoo.com', recipient_domain: 'yahoo.com', sent_at: '2020-03-03T09:00:01Z', last_bounced_at: '2020-03-03T09:00:03Z', bounce_class: 'hard' },
      { message_id: 'm3', campaign_id: 'c2', contact_email: 'ann@gmail.com', recipient_domain: 'gmail.com', sent_at: '2020-03-03T15:00:00Z', last_delivered_at: '2020-03-03T15:00:01Z', first_open_at: '2020-03-03T15:00:05Z' },
      { message_id: 'm4', campaign_id: 'c2', contact_email: 'cy@gmail.com', recipient_domain: 'gmail.com', sent_at: '2020-03-03T15:00:00Z', last_delivered_at: '2020-03-03T15:00:01Z', complained_at: '2020-03-03T16:00:00Z' },
      { message_id: 'm5', campaign_id: 'c1', contact_email: 'ann@gmail.com', recipient_domain: 'gmail.com', sent_at: '2020-03-04T09:00:00Z', last_delivered_at: '2020-03-04T09:00:02Z' },
    ]);
    const other = await t.newWorkspace();
    await insertStates(other.workspaceId, [{ message_id: 'x1', campaign_id: 'c1', contact_email: 'zed@gmail.com', recipient_domain: 'gmail.com', sent_at: '2020-03-03T10:00:00Z' }]);

    const runner = t.app.get(JobRunner);
    const slot = new Date('2020-03-05T02:15:00Z');
    const first = await runner.runSlot(NIGHTLY_ETL_JOB, slot, { force: true });
    expect(first.outcome).toBe('succeeded');

    const snapshot = async () => ({
      campaigns: (await pool.query(`SELECT campaign_id, day::text, sent, delivered, bounced, hard_bounced, opened, human_opened, clicked, human_clicked, complained FROM campaign_daily WHERE workspace_id = $1 ORDER BY day, campaign_id`, [workspaceId])).rows,
      contacts: (await pool.query(`SELECT contact, day::text, recipient_domain, sent, delivered, bounced, hard_bounced, opened, human_opened, clicked, human_clicked, complained, open_hours[19] AS opens_at_18, open_weekdays, last_open_at FROM contact_daily WHERE workspace_id = $1 ORDER BY day, contact`, [workspaceId])).rows,
      domains: (await pool.query(`SELECT recipient_domain, day::text, sent, delivered, bounced, hard_bounced, opened, human_opened, complained FROM domain_daily WHERE workspace_id = $1 ORDER BY day, recipient_domain`, [workspaceId])).rows,
    });
    const before = await snapshot();
    expect(before.campaigns).toEqual([
      { campaign_id: 'c1', day: '2020-03-03', sent: 2, delivered: 1, bounced: 1, hard_bounced: 1, opened: 1, human_opened: 1, clicked: 1, human_clicked: 1, complained: 0 },
      { campaign_id: 'c2', day: '2020-03-03', sent: 2, delivered: 2, bounced: 0, hard_bounced: 0, opened: 1, human_opened: 0, clicked: 0, human_clicked: 0, complained: 1 },
      { campaign_id: 'c1', day: '2020-03-04', sent: 1, delivered: 1, bounced: 0, hard_bounced: 0, opened: 0, human_opened: 0, clicked: 0, human_clicked: 0, complained: 0 },
    ]);
    expect(before.contacts).toEqual([
      { contact: 'ann@gmail.com', day: '2020-03-03', recipient_domain: 'gmail.com', sent: 2, delivered: 2, bounced: 0, hard_bounced: 0, opened: 2, human_opened: 1, clicked: 1, human_clicked: 1, complained: 0, opens_at_18: 1, open_weekdays: [0, 1, 0, 0, 0, 0, 0], last_open_at: new Date('2020-03-03T18:10:00Z') },
      { contact: 'bob@yahoo.com', day: '2020-03-03', recipient_domain: 'yahoo.com', sent: 1, delivered: 0, bounced: 1, hard_bounced: 1, opened: 0, human_opened: 0, clicked: 0, human_clicked: 0, complained: 0, opens_at_18: 0, open_weekdays: [0, 0, 0, 0, 0, 0, 0], last_open_at: null },
      { contact: 'cy@gmail.com', day: '2020-03-03', recipient_domain: 'gmail.com', sent: 1, delivered: 1, bounced: 0, hard_bounced: 0, opened: 0, human_opened: 0, clicked: 0, human_clicked: 0, complained: 1, opens_at_18: 0, open_weekdays: [0, 0, 0, 0, 0, 0, 0], last_open_at: null },
      { contact: 'ann@gmail.com', day: '2020-03-04', recipient_domain: 'gmail.com', sent: 1, delivered: 1, bounced: 0, hard_bounced: 0, opened: 0, human_opened: 0, clicked: 0, human_clicked: 0, complained: 0, opens_at_18: 0, open_weekdays: [0, 0, 0, 0, 0, 0, 0], last_open_at: null },
    ]);
    expect(before.domains).toEqual([
      { recipient_domain: 'gmail.com', day: '2020-03-03', sent: 3, delivered: 3, bounced: 0, hard_bounced: 0, opened: 2, human_opened: 1, complained: 1 },
      { recipient_domain: 'yahoo.com', day: '2020-03-03', sent: 1, delivered: 0, bounced: 1, hard_bounced: 1, opened: 0, human_opened: 0, complained: 0 },
      { recipient_domain: 'gmail.com', day: '2020-03-04', sent: 1, delivered: 1, bounced: 0, hard_bounced: 0, opened: 0, human_opened: 0, complained: 0 },
    ]);
    const others = await pool.query(`SELECT contact FROM contact_daily WHERE workspace_id = $1`, [other.workspaceId]);
    expect(others.rows).toEqual([{ contact: 'zed@gmail.com' }]);

    // A late human open arrives for m3; the re-run picks it up, and a second re-run changes nothing.
    await pool.query(`UPDATE message_states SET first_human_open_at = '2020-03-04T07:30:00Z' WHERE workspace_id = $1 AND message_id = 'm3'`, [workspaceId]);
    await runner.runSlot(NIGHTLY_ETL_JOB, slot, { force: true });
    const after = await snapshot();
    expect(after.campaigns[1]).toMatchObject({ campaign_id: 'c2', human_opened: 1 });
    expect(after.contacts[0]).toMatchObject({ contact: 'ann@gmail.com', human_opened: 2, last_open_at: new Date('2020-03-04T07:30:00Z') });
    await runner.runSlot(NIGHTLY_ETL_JOB, slot, { force: true });
    expect(await snapshot()).toEqual(after);
  });
});
