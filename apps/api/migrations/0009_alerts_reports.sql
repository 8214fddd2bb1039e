-- Alerts: rules per workspace (the deliverability defaults are created with every workspace), notification
-- channels, incidents (one row per firing → resolved episode of a rule and subject) and the notifications sent
-- for them, each retried with backoff until delivered or given up. Reports: scheduled PDF reports and their runs.

CREATE TABLE alert_rules (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name             text        NOT NULL,
  kind             text        NOT NULL CHECK (kind IN ('threshold', 'anomaly', 'infrastructure')),
  -- The kind's settings (metric, comparator, values, window, filter, minimum volume; or the probe checks).
  definition       jsonb       NOT NULL,
  enabled          boolean     NOT NULL DEFAULT true,
  -- Minutes the condition must stay clear before an incident resolves; flapping inside it stays one incident.
  cooldown_minutes integer     NOT NULL DEFAULT 15 CHECK (cooldown_minutes BETWEEN 0 AND 1440),
  -- Set on the rules every workspace starts with ('complaint-rate', 'hard-bounce-rate'); one of each at most.
  builtin          text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, builtin)
);
CREATE INDEX alert_rules_workspace_idx ON alert_rules (workspace_id);

-- The deliverability defaults: complaint rate ≥ 0.1 % warning / ≥ 0.3 % critical, hard bounce rate ≥ 2 % / ≥ 5 %,
-- over the last hour, once at least 200 messages were sent in it.
CREATE FUNCTION create_default_alert_rules(ws uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO alert_rules (workspace_id, name, kind, definition, builtin) VALUES
    (ws, 'Complaint rate', 'threshold',
     '{"metric":"complaint_rate","comparator":"gte","value":0.001,"criticalValue":0.003,"windowMinutes":60,"minimumVolume":200,"filter":{}}', 'complaint-rate'),
    (ws, 'Hard bounce rate', 'threshold',
     '{"metric":"hard_bounce_rate","comparator":"gte","value":0.02,"criticalValue":0.05,"windowMinutes":60,"minimumVolume":200,"filter":{}}', 'hard-bounce-rate'),
    (ws, 'SMTP probe failing', 'infrastructure', '{"check":"smtp"}', 'smtp-probe'),
    (ws, 'DNS authentication record missing or broken', 'infrastructure', '{"check":"dns"}', 'dns-auth')
  ON CONFLICT (workspace_id, builtin) DO NOTHING
$$;

CREATE FUNCTION alert_rules_for_new_workspace() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM create_default_alert_rules(NEW.id);
  RETURN NEW;
END $$;
CREATE TRIGGER workspaces_default_alert_rules AFTER INSERT ON workspaces
  FOR EACH ROW EXECUTE FUNCTION alert_rules_for_new_workspace();
SELECT create_default_alert_rules(id) FROM workspaces;

CREATE TABLE alert_channels (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  kind         text        NOT NULL CHECK (kind IN ('email', 'slack', 'webhook')),
  name         text        NOT NULL,
  -- email: {"recipients": [...]}; slack: {"url"}; webhook: {"url", "secret"} (the HMAC key).
  settings     jsonb       NOT NULL,
  enabled      boolean     NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_channels_workspace_idx ON alert_channels (workspace_id);

CREATE TABLE alert_incidents (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id   uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  rule_id        uuid        NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  -- What within the rule fired: '' for a threshold, 'host:port' for an SMTP probe, 'domain/record' for DNS, …
  subject        text        NOT NULL DEFAULT '',
  status         text        NOT NULL CHECK (status IN ('firing', 'resolved')),
  severity       text        NOT NULL CHECK (severity IN ('warning', 'critical')),
  opened_at      timestamptz NOT NULL,
  resolved_at    timestamptz,
  -- First evaluation that found the condition clear since it last held; null while it holds.
  clear_since    timestamptz,
  -- The observation that opened the incident and the latest one (value, threshold, volume, window).
  opening        jsonb       NOT NULL,
  latest         jsonb       NOT NULL,
  summary        text        NOT NULL
);
CREATE UNIQUE INDEX alert_incidents_open_idx ON alert_incidents (rule_id, subject) WHERE status = 'firing';
CREATE INDEX alert_incidents_workspace_idx ON alert_incidents (workspace_id, opened_at DESC);

CREATE TABLE alert_notifications (
  id              bigserial PRIMARY KEY,
  workspace_id    uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  incident_id     uuid        NOT NULL REFERENCES alert_incidents (id) ON DELETE CASCADE,
  channel_id      uuid        NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
  event           text        NOT NULL CHECK (event IN ('firing', 'escalated', 'resolved')),
  -- The observation the notice reports (the incident's numbers move on after it is queued).
  observation     jsonb       NOT NULL,
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  UNIQUE (incident_id, channel_id, event)
);
CREATE INDEX alert_notifications_due_idx ON alert_notifications (next_attempt_at) WHERE status = 'pending';

-- The last closed minute bucket the alert evaluation ran for, shared by every API process.
CREATE TABLE alert_evaluation_cursor (
  name        text PRIMARY KEY,
  last_bucket timestamptz NOT NULL
);

CREATE TABLE report_schedules (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         text        NOT NULL,
  cron         text        NOT NULL,
  time_zone    text        NOT NULL,
  -- How many days before each run the report covers (1 = daily digest, 7 = weekly).
  period_days  integer     NOT NULL CHECK (period_days BETWEEN 1 AND 92),
  recipients   text[]      NOT NULL,
  enabled      boolean     NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX report_schedules_workspace_idx ON report_schedules (workspace_id);
