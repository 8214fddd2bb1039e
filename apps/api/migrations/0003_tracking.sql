-- Per-workspace keys that sign the tracking links (open pixel, click redirect, unsubscribe). Created lazily,
-- version 1 on a workspace's first prepared message; a rotation adds the next version. Tokens name the
-- version that signed them, so older versions keep verifying until they are retired (retired_at set).
CREATE TABLE tracking_secrets (
  workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  version      integer     NOT NULL CHECK (version > 0),
  secret       bytea       NOT NULL CHECK (length(secret) = 32),
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz,
  PRIMARY KEY (workspace_id, version)
);
