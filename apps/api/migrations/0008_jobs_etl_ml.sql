-- Scheduled job runs, the nightly ETL aggregates (per campaign, contact and recipient domain per day) and the
-- anomaly records the detector writes.

-- One row per job and scheduled slot: claiming the row is what makes a slot run once across API processes.
CREATE TABLE job_runs (
  id           bigserial PRIMARY KEY,
  job          text COLLATE "C" NOT NULL,
  slot         timestamptz NOT NULL,
  workspace_id uuid REFERENCES workspaces (id) ON DELETE CASCADE,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  rows         bigint,
  outcome      text NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed')),
  error        text,
  attempts     integer NOT NULL DEFAULT 1,
  runner       text,
  UNIQUE (job, slot)
);
CREATE INDEX job_runs_started_idx ON job_runs (started_at DESC);

-- Daily aggregates, attributed to the UTC day the message was sent. Re-running a day replaces its rows.
CREATE TABLE campaign_daily (
  workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  campaign_id   text COLLATE "C" NOT NULL,
  day           date NOT NULL,
  sent          integer NOT NULL,
  delivered     integer NOT NULL,
  bounced       integer NOT NULL,
  hard_bounced  integer NOT NULL,
  opened        integer NOT NULL,
  human_opened  integer NOT NULL,
  clicked       integer NOT NULL,
  human_clicked integer NOT NULL,
  complained    integer NOT NULL,
  unsubscribed  integer NOT NULL,
  first_sent_at timestamptz,
  PRIMARY KEY (workspace_id, campaign_id, day)
);
CREATE INDEX campaign_daily_day_idx ON campaign_daily (workspace_id, day);

CREATE TABLE contact_daily (
  workspace_id      uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  contact           text COLLATE "C" NOT NULL,
  day               date NOT NULL,
  recipient_domain  text COLLATE "C" NOT NULL,
  sent              integer NOT NULL,
  delivered         integer NOT NULL,
  bounced           integer NOT NULL,
  hard_bounced      integer NOT NULL,
  opened            integer NOT NULL,
  human_opened      integer NOT NULL,
  clicked           integer NOT NULL,
  human_clicked     integer NOT NULL,
  complained        integer NOT NULL,
  unsubscribed      integer NOT NULL,
  -- first human open / click of each message by UTC hour of day (24) and ISO day of week, Monday first (7)
  open_hours        integer[] NOT NULL,
  open_weekdays     integer[] NOT NULL,
  click_hours       integer[] NOT NULL,
  click_weekdays    integer[] NOT NULL,
  last_sent_at      timestamptz,
  last_open_at      timestamptz,
  last_click_at     timestamptz,
  last_bounced_at   timestamptz,
  PRIMARY KEY (workspace_id, contact, day)
);
CREATE INDEX contact_daily_day_idx ON contact_daily (workspace_id, day);

CREATE TABLE domain_daily (
  workspace_id     uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  recipient_domain text COLLATE "C" NOT NULL,
  day              date NOT NULL,
  sent             integer NOT NULL,
  delivered        integer NOT NULL,
  deferred         integer NOT NULL,
  bounced          integer NOT NULL,
  hard_bounced     integer NOT NULL,
  opened           integer NOT NULL,
  human_opened     integer NOT NULL,
  human_clicked    integer NOT NULL,
  complained       integer NOT NULL,
  PRIMARY KEY (workspace_id, recipient_domain, day)
);
CREATE INDEX domain_daily_day_idx ON domain_daily (workspace_id, day);

-- A closed metric bucket whose observed value fell outside the detector's expected band.
CREATE TABLE anomalies (
  id               bigserial PRIMARY KEY,
  workspace_id     uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  metric           text COLLATE "C" NOT NULL,
  recipient_domain text COLLATE "C" NOT NULL DEFAULT '',
  bucket           timestamptz NOT NULL,
  bucket_seconds   integer NOT NULL,
  observed         double precision NOT NULL,
  expected         double precision NOT NULL,
  lower_bound      double precision NOT NULL,
  upper_bound      double precision NOT NULL,
  severity         text NOT NULL CHECK (severity IN ('warning', 'critical')),
  score            double precision NOT NULL,
  model_version    text NOT NULL,
  detected_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, metric, recipient_domain, bucket)
);
CREATE INDEX anomalies_detected_idx ON anomalies (workspace_id, id);
