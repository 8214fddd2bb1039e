import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { DatabaseModule } from '../database/database.module';
import { CLI_ACTOR } from '../workspaces/principal';
import { RetentionModule } from './retention.module';
import { RetentionService } from './retention.service';

export const RETENTION_RUN_USAGE = `  retention:run [--json]                     Delete raw events past each workspace's retention (rollups stay); drop
                                             daily partitions every workspace's retention has passed.
`;

/** `retention:run`: exit 0 with what was deleted, 64 for wrong usage. */
export async function runRetention(args: string[], config: AppConfig): Promise<number> {
  let json: boolean;
  try {
    json = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true, allowPositionals: false }).values.json;
  } catch (err) {
    process.stderr.write(`retention:run: ${(err as Error).message}\n\nUsage:\n${RETENTION_RUN_USAGE}`);
    return 64;
  }
  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, RetentionModule] })
  class RetentionCliModule {}
  const ctx = await NestFactory.createApplicationContext(RetentionCliModule, { logger: ['error'] });
  try {
    const result = await ctx.get(RetentionService).run(Date.now(), CLI_ACTOR);
    const deleted = Object.values(result.eventsDeleted).reduce((a, b) => a + b, 0);
    process.stdout.write(
      json
        ? JSON.stringify(result) + '\n'
        : `Checked ${result.workspacesChecked} workspaces: deleted ${deleted} raw events in ${Object.keys(result.eventsDeleted).length} of them, ` +
            `dropped ${result.partitionsDropped.length} daily partitions${result.partitionsDropped.length ? ` (${result.partitionsDropped.join(', ')})` : ''}.\n`,
    );
    return 0;
  } finally {
    await ctx.close();
  }
}
