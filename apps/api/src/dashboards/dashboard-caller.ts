import type { AuthenticatedRequest, AuditActor } from '../workspaces/principal';
import { auditActorOf } from '../workspaces/principal';
import type { Role } from '../workspaces/role';

/** Who is asking: a member (user id and role in the workspace) or a read API key (neither). */
export interface DashboardCaller {
  userId: string | null;
  role: Role | null;
  actor: AuditActor;
}

export function dashboardCallerOf(req: AuthenticatedRequest): DashboardCaller {
  const p = req.principal;
  return p.kind === 'user' ? { userId: p.userId, role: p.role ?? null, actor: auditActorOf(p) } : { userId: null, role: null, actor: auditActorOf(p) };
}
