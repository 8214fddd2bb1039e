import { Injectable } from '@nestjs/common';
import { MembershipRepository } from '../workspaces/membership.repository';
import { AuditActor, SYSTEM_ACTOR } from '../workspaces/principal';
import type { Role } from '../workspaces/role';
import { WorkspaceService } from '../workspaces/workspace.service';
import { AuthErrorCode, AuthException } from './auth.exception';
import { emailField, passwordProblem } from './dto/credentials.dto';
import { PasswordHasher } from './password-hasher';
import { User, UserRepository } from './user.repository';

/** The demo workspace's user; its generated password is kept beside the demo keys. */
export const DEMO_USER_EMAIL = 'demo@mailpulse.local';

/** Creating users: the CLI, the first admin from the environment, the demo user. */
@Injectable()
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly memberships: MembershipRepository,
    private readonly workspaces: WorkspaceService,
  ) {}

  /** Creates a user, optionally as a member of a workspace; a bad address or password is a 400 naming the field. */
  async createUser(email: string, password: string, actor: AuditActor, membership?: { workspaceId: string; role: Role }): Promise<User> {
    const address = this.validEmail(email);
    const problem = passwordProblem(password);
    if (problem) throw new AuthException(400, AuthErrorCode.InvalidBody, `password: ${problem}`, 'password');
    const result = await this.users.create(address, await this.hasher.hash(password), actor, { membership });
    if (result.ok) return result.user;
    if (result.reason === 'email_taken') throw new AuthException(409, AuthErrorCode.EmailTaken, `email: a user with the address ${address} exists already`, 'email');
    throw new AuthException(404, AuthErrorCode.NotFound, `workspace: no workspace ${membership?.workspaceId}`, 'workspace');
  }

  /**
   * The first admin, when no user but the demo user exists: admin of `workspaceId`, or of a new "Default"
   * workspace. Returns null when there are users already (then the environment is not used).
   */
  async createFirstAdmin(email: string, password: string, workspaceId?: string): Promise<{ user: User; workspaceId: string } | null> {
    const hash = await this.hasher.hash(password);
    const result = await this.users.create(email, hash, SYSTEM_ACTOR, {
      membership: workspaceId ? { workspaceId, role: 'admin' } : undefined,
      onlyIfNoUsersBut: [DEMO_USER_EMAIL],
    });
    if (!result.ok) {
      if (result.reason === 'users_exist' || result.reason === 'email_taken') return null;
      throw new Error(`the workspace ${workspaceId} for the first admin does not exist`);
    }
    const target = workspaceId ?? (await this.workspaces.createWorkspaceWithoutKeys('Default', { admin: result.user.id, actor: SYSTEM_ACTOR }));
    return { user: result.user, workspaceId: target };
  }

  /** The demo user with this password, an admin of the demo workspace: created, or its password reset. */
  async ensureDemoUser(password: string, workspaceId: string): Promise<User> {
    const hash = await this.hasher.hash(password);
    const existing = await this.users.findByEmail(DEMO_USER_EMAIL);
    let user: User;
    if (existing) {
      await this.users.updatePasswordHash(existing.id, hash);
      user = { id: existing.id, email: existing.email };
    } else {
      const created = await this.users.create(DEMO_USER_EMAIL, hash, SYSTEM_ACTOR);
      if (!created.ok) return this.ensureDemoUser(password, workspaceId); // created by a replica starting alongside
      user = created.user;
    }
    await this.memberships.addByEmail(workspaceId, DEMO_USER_EMAIL, 'admin', SYSTEM_ACTOR);
    return user;
  }

  private validEmail(email: string): string {
    const parsed = emailField.safeParse(email);
    if (!parsed.success) throw new AuthException(400, AuthErrorCode.InvalidBody, `email: ${parsed.error.issues[0]!.message}`, 'email');
    return parsed.data;
  }
}
