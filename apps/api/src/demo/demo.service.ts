import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FirstAdminBootstrap } from '../auth/first-admin.bootstrap';
import { DEMO_USER_EMAIL, UserService } from '../auth/user.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { SYSTEM_ACTOR } from '../workspaces/principal';
import { WorkspaceService } from '../workspaces/workspace.service';

export interface DemoCredentials {
  workspaceId: string;
  ingestKey: string;
  readKey: string;
  /** The demo user (an admin of the demo workspace) and its generated password. */
  userEmail?: string;
  userPassword?: string;
}

const DEMO_SLUG = 'demo';

/**
 * The demo workspace: created on the first start, its keys kept in the local data folder (the demo is the
 * one workspace whose keys are written down, so a restart can print them again).
 */
@Injectable()
export class DemoService implements OnApplicationBootstrap {
  private readonly logger = new Logger('demo');
  credentials?: DemoCredentials;

  constructor(
    private readonly workspaces: WorkspaceService,
    private readonly users: UserService,
    private readonly firstAdmin: FirstAdminBootstrap,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.credentials = await this.ensureWorkspace();
    await this.firstAdmin.ensure(this.credentials.workspaceId);
    this.credentials = await this.ensureUser(this.credentials);
    const url = this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`;
    const lines = [
      '',
      `  Mailpulse demo workspace  ${this.credentials.workspaceId}`,
      `    portal      ${url}`,
      `    ingest key  ${this.credentials.ingestKey}`,
      `    read key    ${this.credentials.readKey}`,
      `    sign in     ${this.credentials.userEmail}  password ${this.credentials.userPassword}`,
      `    (kept in ${this.file()}; MAILPULSE_DEMO=off turns the demo off)`,
      '',
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }

  private file(): string {
    return resolve(join(this.config.MAILPULSE_DATA_DIR, 'demo-credentials.json'));
  }

  /** The demo user signs in with the password kept in the credentials file (generated on the first start). */
  private async ensureUser(credentials: DemoCredentials): Promise<DemoCredentials> {
    const password = credentials.userPassword ?? randomBytes(12).toString('base64url');
    await this.users.ensureDemoUser(password, credentials.workspaceId);
    if (credentials.userPassword === password && credentials.userEmail === DEMO_USER_EMAIL) return credentials;
    const updated = { ...credentials, userEmail: DEMO_USER_EMAIL, userPassword: password };
    await writeFile(this.file(), JSON.stringify(updated, null, 2) + '\n', { mode: 0o600 });
    return updated;
  }

  private async ensureWorkspace(): Promise<DemoCredentials> {
    const existing = await this.workspaces.findBySlug(DEMO_SLUG);
    if (existing) {
      try {
        const saved = JSON.parse(await readFile(this.file(), 'utf8')) as DemoCredentials;
        if (saved.workspaceId === existing.id) return saved;
      } catch {
        // fall through: the file is gone, so the keys are unknown; make a fresh demo workspace below
      }
      this.logger.warn(`demo credentials not found in ${this.file()}; creating a new demo workspace`);
    }
    const created = await this.workspaces.createWorkspace('Demo', existing ? `${DEMO_SLUG}-${Date.now()}` : DEMO_SLUG, { actor: SYSTEM_ACTOR });
    await mkdir(this.config.MAILPULSE_DATA_DIR, { recursive: true });
    await writeFile(this.file(), JSON.stringify(created, null, 2) + '\n', { mode: 0o600 });
    return created;
  }
}
