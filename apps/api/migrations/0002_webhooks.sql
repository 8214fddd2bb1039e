-- ESP webhook endpoints (a workspace's token for one vendor, with how its requests are verified) and the
-- Amazon SNS subscription messages they received.

CREATE TABLE webhook_endpoints (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  vendor        text NOT NULL CHECK (vendor IN ('ses', 'sendgrid', 'mailgun', 'postmark')),
  -- The token is part of the URL given to the vendor; like API keys only its SHA-256 is kept.
  token_hash    text NOT NULL UNIQUE,
  token_prefix  text NOT NULL,
  -- Per-vendor verification settings (apps/api/src/webhooks/webhook-settings.ts): SNS certificate URL pattern,
  -- certificates and topics; SendGrid's public key; Mailgun's signing key (needed to compute the HMAC);
  -- Postmark's basic-auth user and secret header, whose secret values are stored as SHA-256 only.
  verification  jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);
CREATE INDEX webhook_endpoints_workspace_idx ON webhook_endpoints (workspace_id);

-- SubscriptionConfirmation / UnsubscribeConfirmation messages, kept so an admin can see (and visit) the
-- SubscribeURL; Mailpulse never fetches it. SNS resends a message with the same MessageId: kept once.
CREATE TABLE webhook_sns_messages (
  id             bigserial PRIMARY KEY,
  workspace_id   uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  endpoint_id    uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  type           text NOT NULL CHECK (type IN ('SubscriptionConfirmation', 'UnsubscribeConfirmation')),
  message_id     text NOT NULL,
  topic_arn      text NOT NULL,
  subscribe_url  text NOT NULL,
  token          text,
  message        text,
  sent_at        timestamptz,
  -- The certificate SNS signed with: download it from here to configure signature checks.
  signing_cert_url text,
  received_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (endpoint_id, message_id)
);
CREATE INDEX webhook_sns_messages_workspace_idx ON webhook_sns_messages (workspace_id, received_at);
