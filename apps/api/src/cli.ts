import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { runUserCreate, USER_CREATE_USAGE } from './auth/user-create.command';
import { ConfigModule } from './config/config.module';
import { ConfigError, loadConfig } from './config/config.schema';
import { createPool, DatabaseModule } from './database/database.module';
import { migrate, migrationsDir } from './database/migrator';
import { DOMAIN_ADD_USAGE, runDomainAdd } from './probes/domain-add.command';
import { RETENTION_RUN_USAGE, runRetention } from './retention/retention-run.command';
import { ROLLUPS_REBUILD_USAGE, runRollupsRebuild } from './replay/rollups-rebuild.command';
import { runWebhookCreate, WEBHOOK_CREATE_USAGE } from './webhooks/webhook-create.command';
import { runWebhookUpdate, WEBHOOK_UPDATE_USAGE } from './webhooks/webhook-update.command';
import { CLI_ACTOR } from './workspaces/principal';
import { WorkspaceService } from './workspaces/workspace.service';
import { WorkspacesModule } from './workspaces/workspaces.module';

const USAGE = `Usage: npm run mailpulse -- <command> [options]

Commands:
  workspace:create --name <name> [--json]   Create a workspace with an ingest key and a read key (shown once).
  db:migrate                                 Apply pending database migrations.
${USER_CREATE_USAGE}${WEBHOOK_CREATE_USAGE}${WEBHOOK_UPDATE_USAGE}${DOMAIN_ADD_USAGE}${RETENTION_RUN_USAGE}${ROLLUPS_REBUILD_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig({ MAILPULSE_DEMO: 'off', LOG_LEVEL: 'warn', ...process.env });
  const pool = createPool(config.DATABASE_URL, 1);
  try {
    await migrate(pool, migrationsDir());
  } finally {
    await pool.end();
  }
  switch (command) {
    case 'user:create':
      return runUserCreate(rest, config);
    case 'webhook:create':
      return runWebhookCreate(rest, config);
    case 'webhook:update':
      return runWebhookUpdate(rest, config);
    case 'domain:add':
      return runDomainAdd(rest, config);
    case 'retention:run':
      return runRetention(rest, config);
    case 'rollups:rebuild':
      return runRollupsRebuild(rest, config);
    case 'db:migrate':
      process.stdout.write('migrations are up to date\n');
      return 0;
    case 'workspace:create': {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' }, json: { type: 'boolean', default: false } } });
      if (!values.name?.trim()) {
        process.stderr.write('workspace:create needs --name <name>\n');
        return 64;
      }
      @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, WorkspacesModule] })
      class CliModule {}
      const ctx = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
      try {
        const created = await ctx.get(WorkspaceService).createWorkspace(values.name.trim(), null, { actor: CLI_ACTOR });
        process.stdout.write(
          values.json
            ? JSON.stringify(created) + '\n'
            : `Workspace ${created.workspaceId}\n  ingest key: ${created.ingestKey}\n  read key:   ${created.readKey}\nThe keys are shown once; store them now.\n`,
        );
      } finally {
        await ctx.close();
      }
      return 0;
    }
    default:
      process.stderr.write(USAGE);
      return command ? 64 : 0;
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err: Error) => {
    if (err instanceof ConfigError) process.stderr.write(err.message + '\n');
    else Logger.error(err.stack ?? err.message, 'cli');
    process.exit(1);
  });
