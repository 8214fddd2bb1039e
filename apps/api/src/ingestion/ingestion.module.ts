import { Module } from '@nestjs/common';
import { EventRepository } from './event.repository';
import { EventRouter } from './event.router';
import { EventsController } from './events.controller';
import { IngestionService } from './ingestion.service';
import { MessageDirectory } from './message-directory';
import { MessageStateJanitor } from './message-state.janitor';
import { PartitionManager } from './partition.manager';
import { RealtimeChannel } from './realtime.channel';

@Module({
  controllers: [EventsController],
  providers: [EventRepository, EventRouter, IngestionService, MessageDirectory, MessageStateJanitor, PartitionManager, RealtimeChannel],
  exports: [IngestionService, RealtimeChannel, EventRepository],
})
export class IngestionModule {}
