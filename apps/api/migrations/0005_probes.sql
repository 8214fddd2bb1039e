-- Infrastructure probes: the sending domains and SMTP hosts a workspace watches, the current status of each
-- check (upserted by every run; the history is in `events` as infra.dns / infra.smtp), and the schedule row that
-- lets several API processes run the probes once per interval.

CREATE TABLE sending_domains (
  workspace_id   uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  domain         text COLLATE "C" NOT NULL,
  dkim_selectors text[]      NOT NULL DEFAULT '{}',
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, domain)
);

-- `domain` optionally ties a host to one of the workspace's sending domains (it is then listed with it and
-- removed with it); a host without one is probed on its own.
CREATE TABLE smtp_hosts (
  workspace_id    uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  host            text COLLATE "C" NOT NULL,
  port            integer     NOT NULL CHECK (port BETWEEN 1 AND 65535),
  expect_starttls boolean     NOT NULL DEFAULT true,
  domain          text COLLATE "C",
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, host, port),
  FOREIGN KEY (workspace_id, domain) REFERENCES sending_domains (workspace_id, domain) ON DELETE CASCADE
);

-- One row per DNS check of a sending domain: record is spf | dkim | dmarc | mx; selector is '' except for dkim.
-- value_changed_at is when the current value was first seen, so a DNS change stays visible after the run that
-- reported it as `changed`.
CREATE TABLE dns_check_statuses (
  workspace_id      uuid        NOT NULL,
  domain            text COLLATE "C" NOT NULL,
  record            text COLLATE "C" NOT NULL CHECK (record IN ('spf', 'dkim', 'dmarc', 'mx')),
  selector          text COLLATE "C" NOT NULL DEFAULT '',
  status            text        NOT NULL CHECK (status IN ('ok', 'missing', 'broken', 'changed', 'error')),
  value             text,
  detail            text,
  facts             jsonb       NOT NULL DEFAULT '{}',
  checked_at        timestamptz NOT NULL,
  value_changed_at  timestamptz NOT NULL,
  status_changed_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, domain, record, selector),
  FOREIGN KEY (workspace_id, domain) REFERENCES sending_domains (workspace_id, domain) ON DELETE CASCADE
);

CREATE TABLE smtp_probe_statuses (
  workspace_id      uuid        NOT NULL,
  host              text COLLATE "C" NOT NULL,
  port              integer     NOT NULL,
  ok                boolean     NOT NULL,
  latency_ms        integer,
  error             text,
  facts             jsonb       NOT NULL DEFAULT '{}',
  checked_at        timestamptz NOT NULL,
  status_changed_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, host, port),
  FOREIGN KEY (workspace_id, host, port) REFERENCES smtp_hosts (workspace_id, host, port) ON DELETE CASCADE
);

-- When the scheduled probe run last started, across all API processes.
CREATE TABLE probe_schedule (
  name        text PRIMARY KEY,
  last_run_at timestamptz NOT NULL
);
