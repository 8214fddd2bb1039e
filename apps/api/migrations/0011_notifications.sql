-- Event-triggered notifications: rules that fire on single events as they are stored (a filter over the event's
-- type, envelope and properties, optionally only the first such event per contact or campaign), sent through the
-- workspace's alert channels with a per-rule rate limit. Every message is written here before it is sent.

CREATE TABLE notification_rules (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id              uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name                      text        NOT NULL,
  enabled                   boolean     NOT NULL DEFAULT true,
  -- {"types": [...], "conditions": [{"path", "op", "value"}], "verdicts": [...]} (apps/api/src/notifications/notification-filter.ts).
  filter                    jsonb       NOT NULL,
  -- Only the first matching event per contact (or per campaign) fires; null: every matching event.
  first_occurrence          text        CHECK (first_occurrence IN ('contact', 'campaign')),
  -- Alert channels (alert_channels.id) the rule sends to; a channel deleted later is skipped.
  channel_ids               uuid[]      NOT NULL,
  -- At most rate_limit_count messages per rate_limit_window_minutes; the rest are counted and summarised.
  rate_limit_count          integer     NOT NULL CHECK (rate_limit_count BETWEEN 1 AND 1000),
  rate_limit_window_minutes integer     NOT NULL CHECK (rate_limit_window_minutes BETWEEN 1 AND 1440),
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_rules_workspace_idx ON notification_rules (workspace_id, created_at);

-- "First occurrence" keys already seen per rule: the insert that wins the primary key decides, once across all
-- API processes. The key is a SHA-256 of the contact key or campaign id, so no address is kept here.
CREATE TABLE notification_first_occurrences (
  rule_id      uuid        NOT NULL REFERENCES notification_rules (id) ON DELETE CASCADE,
  key_hash     bytea       NOT NULL,
  workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  event_id     text        NOT NULL,
  occurred_at  timestamptz NOT NULL,
  PRIMARY KEY (rule_id, key_hash)
);

-- The rate limit, per rule and window (aligned to multiples of the window length since the epoch): how many
-- matches were sent individually, how many more matched, and when the one summary for the rest was queued.
CREATE TABLE notification_rate_windows (
  rule_id             uuid        NOT NULL REFERENCES notification_rules (id) ON DELETE CASCADE,
  workspace_id        uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  window_start        timestamptz NOT NULL,
  window_end          timestamptz NOT NULL,
  sent                integer     NOT NULL DEFAULT 0,
  suppressed          integer     NOT NULL DEFAULT 0,
  -- How many of the latest recorded batch fitted under the limit (read back by the statement that wrote it).
  last_allowed        integer     NOT NULL DEFAULT 0,
  first_suppressed_at timestamptz,
  last_suppressed_at  timestamptz,
  summary_queued_at   timestamptz,
  PRIMARY KEY (rule_id, window_start)
);
CREATE INDEX notification_rate_windows_summary_idx ON notification_rate_windows (window_end)
  WHERE suppressed > 0 AND summary_queued_at IS NULL;

-- The outbox: one row per message and channel, written before it is sent, claimed with SKIP LOCKED by any
-- process, retried with backoff; every attempt is appended to attempt_log.
CREATE TABLE notification_deliveries (
  id              bigserial PRIMARY KEY,
  workspace_id    uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  rule_id         uuid        NOT NULL REFERENCES notification_rules (id) ON DELETE CASCADE,
  channel_id      uuid        NOT NULL REFERENCES alert_channels (id) ON DELETE CASCADE,
  kind            text        NOT NULL CHECK (kind IN ('match', 'summary', 'test')),
  -- match/test: the event as matched (type, time, campaign, contact, matched fields); summary: the window and count.
  payload         jsonb       NOT NULL,
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  attempt_log     jsonb       NOT NULL DEFAULT '[]',
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notification_deliveries_rule_idx ON notification_deliveries (rule_id, created_at DESC);
