import { Injectable } from '@nestjs/common';
import { AuthErrorCode, AuthException } from '../auth/auth.exception';
import { Member, MembershipChange, MembershipRepository } from './membership.repository';
import type { AuditActor } from './principal';
import type { Role } from './role';

/** A workspace's members: invite an existing user, change a role, remove; never leaving it without an admin. */
@Injectable()
export class MemberService {
  constructor(private readonly memberships: MembershipRepository) {}

  list(workspaceId: string): Promise<Member[]> {
    return this.memberships.list(workspaceId);
  }

  async add(workspaceId: string, email: string, role: Role, actor: AuditActor): Promise<Member> {
    return this.outcome(await this.memberships.addByEmail(workspaceId, email, role, actor), email);
  }

  async changeRole(workspaceId: string, userId: string, role: Role, actor: AuditActor): Promise<Member> {
    return this.outcome(await this.memberships.changeRole(workspaceId, userId, role, actor), userId);
  }

  async remove(workspaceId: string, userId: string, actor: AuditActor): Promise<Member> {
    return this.outcome(await this.memberships.remove(workspaceId, userId, actor), userId);
  }

  private outcome(change: MembershipChange, who: string): Member {
    if (change.ok) return change.member;
    switch (change.reason) {
      case 'no_such_user':
        throw new AuthException(404, AuthErrorCode.NotFound, `email: no user has the address ${who}; create one with \`npm run mailpulse -- user:create\``, 'email');
      case 'already_member':
        throw new AuthException(409, AuthErrorCode.AlreadyMember, `email: ${who} is a member of this workspace already; change the role with PATCH /v1/members/:userId`, 'email');
      case 'not_member':
        throw new AuthException(404, AuthErrorCode.NotFound, `userId: ${who} is not a member of this workspace`, 'userId');
      case 'last_admin':
        throw new AuthException(409, AuthErrorCode.LastAdmin, 'A workspace needs at least one admin; make another member admin first', 'role');
    }
  }
}
