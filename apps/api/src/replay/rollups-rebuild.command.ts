import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { DatabaseModule } from '../database/database.module';
import { LiveStoreModule } from '../live-store/live-store.module';
import { ReplayModule } from './replay.module';
import { ReplayRefused, ReplayService } from './replay.service';

export const ROLLUPS_REBUILD_USAGE = `  rollups:rebuild --workspace <id> --from <time> --to <time> [--json]
                                             Recompute rollups, message states and live buckets of the range (widened
                                             to whole UTC days) from raw events, while ingestion goes on.
`;

const Args = z
  .object({
    workspace: z.uuid({ message: '--workspace must be a workspace id (uuid)' }),
    from: z.iso.datetime({ offset: true, message: '--from must be an ISO 8601 time, e.g. 2026-11-20T00:00:00Z' }),
    to: z.iso.datetime({ offset: true, message: '--to must be an ISO 8601 time, e.g. 2026-11-21T00:00:00Z' }),
    json: z.boolean(),
  })
  .refine((a) => Date.parse(a.from) < Date.parse(a.to), { message: '--to must be after --from', path: ['to'] });

/** `rollups:rebuild`: exit 0 with what was rebuilt, 64 for wrong usage, 65 when the range cannot be rebuilt. */
export async function runRollupsRebuild(args: string[], config: AppConfig): Promise<number> {
  let parsed: z.infer<typeof Args>;
  try {
    const { values } = parseArgs({
      args,
      options: { workspace: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    });
    const result = Args.safeParse(values);
    if (!result.success) throw new Error(result.error.issues.map((i) => i.message).join('; '));
    parsed = result.data;
  } catch (err) {
    process.stderr.write(`rollups:rebuild: ${(err as Error).message}\n\nUsage:\n${ROLLUPS_REBUILD_USAGE}`);
    return 64;
  }
  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, LiveStoreModule, ReplayModule] })
  class ReplayCliModule {}
  const ctx = await NestFactory.createApplicationContext(ReplayCliModule, { logger: ['error'] });
  try {
    const result = await ctx.get(ReplayService).rebuild(parsed.workspace, new Date(parsed.from), new Date(parsed.to));
    const events = result.days.reduce((a, d) => a + d.events, 0);
    const states = result.days.reduce((a, d) => a + d.messageStates, 0);
    process.stdout.write(
      parsed.json
        ? JSON.stringify(result) + '\n'
        : `Rebuilt ${result.from} – ${result.to} (${result.days.length} days) from ${events} raw events: ` +
            `${states} message states, ${result.liveMinutes} live minute buckets; ingestion waited at most ` +
            `${Math.max(0, ...result.days.map((d) => d.lockedMs))} ms at a time.\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof ReplayRefused)) throw err;
    process.stderr.write(`rollups:rebuild: ${err.message}\n`);
    return 65;
  } finally {
    await ctx.close();
  }
}
