import { Inject, Injectable } from '@nestjs/common';
import { type AudienceHistory, type BucketCounts, emptyAudience, emptyBucket, MAJOR_DOMAINS } from '@mailpulse/features';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/database.module';

export interface HourBuckets {
  bucketStart: Date;
  total: BucketCounts;
  byDomain: Map<string, BucketCounts>;
}

/** Reads the nightly aggregates and rollups the models are fed; every query is scoped by workspace. */
@Injectable()
export class PredictionRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * The audience's history summed over contact_daily from `since`: the given contacts, or every contact the
   * workspace mailed in the window when `contacts` is null.
   */
  async audienceHistory(workspaceId: string, since: string, contacts: readonly string[] | null): Promise<AudienceHistory> {
    const { rows } = await this.pool.query<{
      domain: string; contacts: number; known: number; sent: number; delivered: number; bounced: number; hard_bounced: number;
      opened: number; human_opened: number; clicked: number; human_clicked: number; complained: number;
    }>(
      `WITH audience AS (
         SELECT contact FROM unnest($3::text[]) AS contact WHERE $3::text[] IS NOT NULL
         UNION
         SELECT DISTINCT contact FROM contact_daily WHERE $3::text[] IS NULL AND workspace_id = $1 AND day >= $2::date
       ), per_contact AS (
         SELECT a.contact, max(d.recipient_domain) AS domain, coalesce(sum(d.sent), 0) AS sent, coalesce(sum(d.delivered), 0) AS delivered,
                coalesce(sum(d.bounced), 0) AS bounced, coalesce(sum(d.hard_bounced), 0) AS hard_bounced, coalesce(sum(d.opened), 0) AS opened,
                coalesce(sum(d.human_opened), 0) AS human_opened, coalesce(sum(d.clicked), 0) AS clicked,
                coalesce(sum(d.human_clicked), 0) AS human_clicked, coalesce(sum(d.complained), 0) AS complained
         FROM audience a LEFT JOIN contact_daily d ON d.workspace_id = $1 AND d.contact = a.contact AND d.day >= $2::date
         GROUP BY a.contact
       )
       SELECT coalesce(domain, split_part(contact, '@', 2)) AS domain, count(*)::int AS contacts, count(*) FILTER (WHERE sent > 0)::int AS known,
              sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(bounced)::int AS bounced, sum(hard_bounced)::int AS hard_bounced,
              sum(opened)::int AS opened, sum(human_opened)::int AS human_opened, sum(clicked)::int AS clicked,
              sum(human_clicked)::int AS human_clicked, sum(complained)::int AS complained
       FROM per_contact GROUP BY 1`,
      [workspaceId, since, contacts],
    );
    const a = emptyAudience();
    for (const r of rows) {
      a.contacts += r.contacts;
      a.known += r.known;
      a.sent += r.sent;
      a.delivered += r.delivered;
      a.bounced += r.bounced;
      a.hardBounced += r.hard_bounced;
      a.opened += r.opened;
      a.humanOpened += r.human_opened;
      a.clicked += r.clicked;
      a.humanClicked += r.human_clicked;
      a.complained += r.complained;
      const bucket = (MAJOR_DOMAINS as readonly string[]).includes(r.domain) ? r.domain : 'other';
      a.domains[bucket] = (a.domains[bucket] ?? 0) + r.contacts;
    }
    return a;
  }

  /** Rates of the workspace's last `n` campaigns (by first send) that started before `before`. */
  async recentCampaigns(workspaceId: string, before: Date, n: number): Promise<{ campaignId: string; sent: number; delivered: number; bounced: number; opened: number; humanOpened: number; clicked: number; humanClicked: number }[]> {
    const { rows } = await this.pool.query(
      `SELECT campaign_id AS "campaignId", sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(bounced)::int AS bounced,
              sum(opened)::int AS opened, sum(human_opened)::int AS "humanOpened", sum(clicked)::int AS clicked, sum(human_clicked)::int AS "humanClicked"
       FROM campaign_daily WHERE workspace_id = $1
       GROUP BY campaign_id HAVING min(first_sent_at) < $2
       ORDER BY min(first_sent_at) DESC LIMIT $3`,
      [workspaceId, before, n],
    );
    return rows;
  }

  /**
   * Campaigns first sent in [from, before) with their names (from `campaign.created`) and counts: what the series
   * feature compares. Oldest first.
   */
  async pastCampaigns(workspaceId: string, from: Date, before: Date): Promise<{ campaignId: string; name: string | null; sent: number; delivered: number; bounced: number; opened: number; humanOpened: number; clicked: number; humanClicked: number }[]> {
    const { rows } = await this.pool.query(
      `WITH c AS (
         SELECT campaign_id, min(first_sent_at) AS started, sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(bounced)::int AS bounced,
                sum(opened)::int AS opened, sum(human_opened)::int AS human_opened, sum(clicked)::int AS clicked, sum(human_clicked)::int AS human_clicked
         FROM campaign_daily WHERE workspace_id = $1 AND day >= $2::date GROUP BY campaign_id
         HAVING min(first_sent_at) >= $2 AND min(first_sent_at) < $3
       ), n AS (
         SELECT DISTINCT ON (campaign_id) campaign_id, properties->>'name' AS name FROM events
         WHERE workspace_id = $1 AND type = 'campaign.created' AND occurred_at >= $2::timestamptz - interval '30 days' AND occurred_at < $3
           AND campaign_id IN (SELECT campaign_id FROM c)
         ORDER BY campaign_id, occurred_at DESC
       )
       SELECT c.campaign_id AS "campaignId", n.name, c.sent, c.delivered, c.bounced, c.opened, c.human_opened AS "humanOpened", c.clicked,
              c.human_clicked AS "humanClicked"
       FROM c LEFT JOIN n USING (campaign_id) ORDER BY c.started`,
      [workspaceId, from, before],
    );
    return rows;
  }

  /**
   * Per contact of a campaign's audience (everyone it was sent to): its recipient domain and first-human-open
   * histogram from `since`; plus the per-domain and workspace histograms the fallbacks use.
   */
  async campaignAudienceHours(workspaceId: string, campaignId: string, since: string): Promise<{ contacts: { contact: string; domain: string; hours: number[] }[]; domains: Map<string, number[]>; workspace: number[] }> {
    const contacts = await this.pool.query<{ contact: string; domain: string; hours: number[] }>(
      `WITH audience AS (
         SELECT DISTINCT coalesce(lower(contact_email), contact_external_id) AS contact, coalesce(recipient_domain, '') AS domain
         FROM message_states WHERE workspace_id = $1 AND campaign_id = $2 AND coalesce(contact_email, contact_external_id) IS NOT NULL
       )
       SELECT a.contact, a.domain,
              ARRAY(SELECT coalesce(sum(d.open_hours[h]), 0)::int FROM generate_series(1, 24) h
                    LEFT JOIN contact_daily d ON d.workspace_id = $1 AND d.contact = a.contact AND d.day >= $3::date GROUP BY h ORDER BY h) AS hours
       FROM audience a`,
      [workspaceId, campaignId, since],
    );
    const domains = await this.pool.query<{ domain: string; hours: number[] }>(
      `SELECT recipient_domain AS domain, array_agg(s ORDER BY h) AS hours FROM (
         SELECT recipient_domain, h, sum(open_hours[h])::int AS s FROM contact_daily, generate_series(1, 24) h
         WHERE workspace_id = $1 AND day >= $2::date GROUP BY recipient_domain, h) x GROUP BY recipient_domain`,
      [workspaceId, since],
    );
    const byDomain = new Map(domains.rows.map((r) => [r.domain, r.hours]));
    const workspace = new Array<number>(24).fill(0);
    for (const hours of byDomain.values()) hours.forEach((v, h) => (workspace[h]! += v));
    return { contacts: contacts.rows, domains: byDomain, workspace };
  }

  /** First-human-open histograms (UTC hours) of one contact, of its recipient domain and of the whole workspace, from `since`. */
  async openHourHistograms(workspaceId: string, contact: string, since: string): Promise<{ contact: number[]; segment: number[]; workspace: number[]; domain: string | null; known: boolean }> {
    const { rows } = await this.pool.query<{ scope: string; hours: number[] | null; domain: string | null }>(
      `WITH me AS (
         SELECT max(recipient_domain) AS domain, count(*) AS days FROM contact_daily WHERE workspace_id = $1 AND contact = $2 AND day >= $3::date
       )
       SELECT 'contact' AS scope, (SELECT domain FROM me) AS domain,
              (SELECT array_agg(s ORDER BY h) FROM (SELECT h, sum(d.open_hours[h])::int AS s FROM contact_daily d, generate_series(1, 24) h
                 WHERE d.workspace_id = $1 AND d.contact = $2 AND d.day >= $3::date GROUP BY h) x) AS hours
       UNION ALL
       SELECT 'segment', NULL,
              (SELECT array_agg(s ORDER BY h) FROM (SELECT h, sum(d.open_hours[h])::int AS s FROM contact_daily d, generate_series(1, 24) h
                 WHERE d.workspace_id = $1 AND d.recipient_domain = (SELECT domain FROM me) AND d.day >= $3::date GROUP BY h) x)
       UNION ALL
       SELECT 'workspace', NULL,
              (SELECT array_agg(s ORDER BY h) FROM (SELECT h, sum(d.open_hours[h])::int AS s FROM contact_daily d, generate_series(1, 24) h
                 WHERE d.workspace_id = $1 AND d.day >= $3::date GROUP BY h) x)`,
      [workspaceId, contact, since],
    );
    const get = (scope: string) => rows.find((r) => r.scope === scope)?.hours ?? new Array<number>(24).fill(0);
    const contactHours = get('contact');
    const domain = rows.find((r) => r.scope === 'contact')?.domain ?? null;
    return { contact: contactHours, segment: get('segment'), workspace: get('workspace'), domain, known: domain !== null };
  }

  /** Hourly metric buckets of a workspace in [from, to), from the hour rollups and (for probe outcomes) the raw infra events. */
  async hourBuckets(workspaceId: string, from: Date, to: Date): Promise<HourBuckets[]> {
    const rollups = await this.pool.query<{ bucket: Date; type: string; recipient_domain: string; verdict: string; count: number }>(
      `SELECT bucket, type, recipient_domain, verdict, sum(count)::int AS count FROM rollups_hour
       WHERE workspace_id = $1 AND bucket >= $2 AND bucket < $3
         AND type IN ('infra.vps', 'email.sent', 'email.delivered', 'email.deferred', 'email.bounced', 'email.complained', 'email.opened')
       GROUP BY 1, 2, 3, 4`,
      [workspaceId, from, to],
    );
    const probes = await this.pool.query<{ bucket: Date; checks: number; failures: number; broken: number }>(
      `SELECT date_trunc('hour', occurred_at) AS bucket,
              count(*) FILTER (WHERE type = 'infra.smtp')::int AS checks,
              count(*) FILTER (WHERE type = 'infra.smtp' AND properties->>'ok' = 'false')::int AS failures,
              count(*) FILTER (WHERE type = 'infra.dns' AND properties->>'status' = 'broken')::int AS broken
       FROM events WHERE workspace_id = $1 AND occurred_at >= $2 AND occurred_at < $3 AND type IN ('infra.smtp', 'infra.dns')
       GROUP BY 1`,
      [workspaceId, from, to],
    );
    const byHour = new Map<number, HourBuckets>();
    const at = (d: Date) => {
      let b = byHour.get(d.getTime());
      if (!b) byHour.set(d.getTime(), (b = { bucketStart: d, total: emptyBucket(), byDomain: new Map() }));
      return b;
    };
    for (const r of rollups.rows) {
      const b = at(r.bucket);
      const add = (c: BucketCounts) => {
        switch (r.type) {
          case 'infra.vps': c.heartbeats += r.count; break;
          case 'email.sent': c.sent += r.count; break;
          case 'email.delivered': c.delivered += r.count; break;
          case 'email.deferred': c.deferred += r.count; break;
          case 'email.bounced': c.bounced += r.count; break;
          case 'email.complained': c.complained += r.count; break;
          case 'email.opened': if (r.verdict === 'human') c.humanOpens += r.count; break;
          default: break;
        }
      };
      add(b.total);
      if (r.recipient_domain && r.type.startsWith('email.')) {
        let d = b.byDomain.get(r.recipient_domain);
        if (!d) b.byDomain.set(r.recipient_domain, (d = emptyBucket()));
        add(d);
      }
    }
    for (const r of probes.rows) {
      const b = at(r.bucket);
      b.total.smtpChecks += r.checks;
      b.total.smtpFailures += r.failures;
      b.total.dnsBroken += r.broken;
    }
    return [...byHour.values()].sort((a, b) => a.bucketStart.getTime() - b.bucketStart.getTime());
  }

  /** Workspaces with any rollup in [from, to). */
  async activeWorkspaces(from: Date, to: Date): Promise<string[]> {
    // Per workspace through the rollup's primary key (workspace_id, bucket, …) rather than a scan of every bucket.
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT w.id FROM workspaces w
       WHERE EXISTS (SELECT 1 FROM rollups_hour r WHERE r.workspace_id = w.id AND r.bucket >= $1 AND r.bucket < $2)`,
      [from, to],
    );
    return rows.map((r) => r.id);
  }
}
