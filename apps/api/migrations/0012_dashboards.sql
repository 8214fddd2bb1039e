-- Custom dashboards: a member's arrangement of the portal's widgets, private to its owner or shared with the
-- workspace, and each member's default dashboard per workspace. The widgets (kind, title, position on the 12-column
-- grid, metric, verdict, range, filters) are one jsonb array, checked by the API (dashboards/dto/dashboard.dto.ts).

CREATE TABLE dashboards (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id   uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  -- The member who created it; a shared dashboard outlives its owner's account.
  owner_user_id  uuid        REFERENCES users (id) ON DELETE SET NULL,
  name           text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description    text        CHECK (length(description) <= 500),
  shared         boolean     NOT NULL DEFAULT false,
  widgets        jsonb       NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(widgets) = 'array'),
  -- Raised by every update; an update naming another version is refused (optimistic concurrency).
  version        integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (workspace_id, id)
);
CREATE INDEX dashboards_workspace_owner_idx ON dashboards (workspace_id, owner_user_id);
CREATE INDEX dashboards_workspace_shared_idx ON dashboards (workspace_id, created_at) WHERE shared;

-- One default per member and workspace. It goes with the dashboard and with the membership.
CREATE TABLE dashboard_defaults (
  workspace_id  uuid        NOT NULL,
  user_id       uuid        NOT NULL,
  dashboard_id  uuid        NOT NULL,
  chosen_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id),
  FOREIGN KEY (workspace_id, dashboard_id) REFERENCES dashboards (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE
);
CREATE INDEX dashboard_defaults_dashboard_idx ON dashboard_defaults (dashboard_id);
