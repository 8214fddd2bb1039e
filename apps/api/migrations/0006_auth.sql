-- Who may do what: users (bcrypt password hashes), their roles per workspace, sign-in sessions, the login
-- failures that throttle guessing, and an audit log of every change to a workspace's keys and members.

CREATE TABLE users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Stored lower-cased, so the unique index is case-insensitive without a functional index.
  email          text NOT NULL UNIQUE CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  password_hash  text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- A user's role in a workspace: admin > analyst > viewer (apps/api/src/workspaces/role.ts).
CREATE TABLE memberships (
  workspace_id  uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role          text NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- Sign-in sessions. The token is 256 random bits handed to the client once; only its SHA-256 is kept.
CREATE TABLE sessions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  ip          text,
  user_agent  text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Failed sign-ins (and ones still being checked), counted per address and per client IP over a sliding
-- window. Kept in PostgreSQL so every API replica sees the same count. A success deletes the address's rows.
CREATE TABLE login_attempts (
  id     bigserial PRIMARY KEY,
  email  text NOT NULL,
  ip     text NOT NULL,
  at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX login_attempts_email_idx ON login_attempts (email, at);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, at);

-- Every change to a workspace's keys and members, and who made it. `actor` is `user:<id>`, `cli` or `system`.
CREATE TABLE audit_log (
  id             bigserial PRIMARY KEY,
  workspace_id   uuid REFERENCES workspaces (id) ON DELETE CASCADE,
  actor          text NOT NULL,
  actor_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
  action         text NOT NULL,
  target         text,
  details        jsonb NOT NULL DEFAULT '{}',
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_workspace_idx ON audit_log (workspace_id, at);

-- API keys get a name and the user who created them (null for keys made by the CLI or the demo).
ALTER TABLE api_keys
  ADD COLUMN name text NOT NULL DEFAULT '',
  ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE SET NULL;
