import { Module } from '@nestjs/common';
import { ReplayRepository } from './replay.repository';
import { ReplayService } from './replay.service';

/** Rebuilds derived data (rollups, message states, live buckets) from raw events: CLI `rollups:rebuild`. Needs LiveStoreModule. */
@Module({
  providers: [ReplayRepository, ReplayService],
  exports: [ReplayService],
})
export class ReplayModule {}
