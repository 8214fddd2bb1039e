import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { DatabaseModule } from '../database/database.module';
import { CLI_ACTOR } from '../workspaces/principal';
import { isRole, Role, ROLES } from '../workspaces/role';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AuthException } from './auth.exception';
import { UserService } from './user.service';
import { UsersModule } from './users.module';

export const USER_CREATE_USAGE = `  user:create --email <email> (--password <password> | --password-stdin)
      [--workspace <id> --role <admin|analyst|viewer>] [--json]
                                             Create a user who signs in with this password (stored as a bcrypt
                                             hash), optionally a member of a workspace with a role.
`;

const OPTIONS = {
  email: { type: 'string' },
  password: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  workspace: { type: 'string' },
  role: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface UserCreateRequest {
  email: string;
  password: string;
  membership?: { workspaceId: string; role: Role };
  json: boolean;
}

class UsageError extends Error {}

/** `user:create`: exit 0 with the user printed, 64 for wrong usage or a bad address or password, 1 when refused. */
export async function runUserCreate(args: string[], config: AppConfig): Promise<number> {
  let request: UserCreateRequest;
  try {
    request = readArguments(args);
  } catch (err) {
    process.stderr.write(`user:create: ${(err as Error).message}\n\nUsage:\n${USER_CREATE_USAGE}`);
    return 64;
  }

  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, WorkspacesModule, UsersModule] })
  class UserCliModule {}
  const ctx = await NestFactory.createApplicationContext(UserCliModule, { logger: ['error'] });
  try {
    const user = await ctx.get(UserService).createUser(request.email, request.password, CLI_ACTOR, request.membership);
    const out = { userId: user.id, email: user.email, ...(request.membership ?? {}) };
    process.stdout.write(
      request.json
        ? JSON.stringify(out) + '\n'
        : `User ${user.id} ${user.email}${request.membership ? `, ${request.membership.role} of workspace ${request.membership.workspaceId}` : ''}\n` +
            'Sign in with POST /v1/auth/login (see docs/auth.md).\n',
    );
    return 0;
  } catch (err) {
    if (!(err instanceof AuthException)) throw err;
    process.stderr.write(`user:create: ${err.message}\n`);
    return err.status === 400 ? 64 : 1;
  } finally {
    await ctx.close();
  }
}

function readArguments(args: string[]): UserCreateRequest {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (!values.email) throw new UsageError('--email is required');
  if (values.password !== undefined && values['password-stdin']) throw new UsageError('give --password or --password-stdin, not both');
  const password = values['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : values.password;
  if (password === undefined) throw new UsageError('--password (or --password-stdin) is required');
  if ((values.workspace === undefined) !== (values.role === undefined)) throw new UsageError('--workspace and --role go together');
  let membership: UserCreateRequest['membership'];
  if (values.workspace !== undefined && values.role !== undefined) {
    if (!UUID.test(values.workspace)) throw new UsageError('--workspace must be a workspace id (a UUID)');
    if (!isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
    membership = { workspaceId: values.workspace.toLowerCase(), role: values.role };
  }
  return { email: values.email, password, membership, json: values.json };
}
