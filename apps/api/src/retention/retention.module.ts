import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionSchedule } from './retention.schedule';
import { RetentionService } from './retention.service';

/** Per-workspace retention of raw events: the setting over REST, and the run (CLI `retention:run`, the daily job `retention.daily`). */
@Module({
  controllers: [RetentionController],
  providers: [RetentionRepository, RetentionService, RetentionSchedule],
  exports: [RetentionService],
})
export class RetentionModule {}
