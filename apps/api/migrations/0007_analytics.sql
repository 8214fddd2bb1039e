-- Analytics reads: campaign costs (for ROI) and the indexes the dashboard's reads need. Every index here is
-- partial on a small share of the rows (clicks, bounces, conversions, campaign events, first engagement), so
-- the ingestion hot path pays for them only on those rows.

CREATE TABLE campaign_costs (
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  campaign_id  text COLLATE "C" NOT NULL,
  cost         numeric(20, 4) NOT NULL CHECK (cost >= 0),
  currency     text NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, campaign_id)
);

-- Per-link clicks of one campaign.
CREATE INDEX events_campaign_clicks_idx ON events (workspace_id, campaign_id) WHERE type = 'email.clicked';
-- Last-click attribution: a contact's human clicks before a conversion, and the conversions themselves.
CREATE INDEX events_contact_clicks_idx ON events (workspace_id, (coalesce(contact_email, contact_external_id)), occurred_at)
  WHERE type = 'email.clicked' AND verdict <> 'machine';
CREATE INDEX events_conversions_idx ON events (workspace_id, occurred_at) WHERE type = 'conversion';
-- Bounces by class over a period (overview, deliverability).
CREATE INDEX events_bounces_idx ON events (workspace_id, occurred_at) WHERE type = 'email.bounced';
-- Campaign names (campaign.created) and lifecycle events.
CREATE INDEX events_campaign_family_idx ON events (workspace_id, campaign_id) WHERE type LIKE 'campaign.%';

-- Unique opens and clicks first seen in a period (overview).
CREATE INDEX message_states_first_open_idx ON message_states (workspace_id, first_open_at) WHERE first_open_at IS NOT NULL;
CREATE INDEX message_states_first_human_open_idx ON message_states (workspace_id, first_human_open_at) WHERE first_human_open_at IS NOT NULL;
CREATE INDEX message_states_first_click_idx ON message_states (workspace_id, first_click_at) WHERE first_click_at IS NOT NULL;
CREATE INDEX message_states_first_human_click_idx ON message_states (workspace_id, first_human_click_at) WHERE first_human_click_at IS NOT NULL;
