/** The shapes of `/v1/auth/*` and `/v1/workspaces` as the portal reads them (see docs/auth.md). */
export type Role = 'viewer' | 'analyst' | 'admin';

export interface WorkspaceOfUser {
  id: string;
  name: string;
  role: Role;
}

export interface SignedInUser {
  id: string;
  email: string;
}

export interface MeResponse {
  user: SignedInUser;
  workspaces: WorkspaceOfUser[];
}

export interface LoginResponse extends MeResponse {
  token: string;
  expiresAt: string;
}

const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

/** Whether `role` may do what `needed` may (roles are ordered: viewer < analyst < admin). */
export function roleAtLeast(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[needed];
}
