-- Per-workspace retention of raw events (rollups are kept).
-- Days of raw events a workspace keeps; NULL follows RETENTION_DEFAULT_DAYS, 0 keeps them forever.
-- (Privacy requests find one contact's rows by scanning the workspace's rows: they are rare, and an index on
-- the contact columns would be paid for by every event written.)
ALTER TABLE workspaces ADD COLUMN retention_days integer CHECK (retention_days BETWEEN 0 AND 36500);
