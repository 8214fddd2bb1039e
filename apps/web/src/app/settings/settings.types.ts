import type { Role } from '../session/session.types';

/** Shapes of the workspace management API (docs/auth.md). */
export interface ApiKeySummary {
  id: string;
  name: string;
  scope: 'ingest' | 'read';
  prefix: string;
  createdAt: string;
  createdBy: { id: string; email: string } | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKeySummary {
  key: string;
}

export interface Member {
  userId: string;
  email: string;
  role: Role;
  createdAt: string;
}

export interface AuditEntry {
  id: number;
  actor: string;
  actorUserId: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  at: string;
}

export interface RetentionSetting {
  retentionDays: number | null;
  effectiveDays: number;
  defaultDays: number;
}
