import { Global, Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { ConnectionRecheck } from './connection-recheck.service';
import { LiveGateway } from './live.gateway';
import { LiveStreamService } from './live-stream.service';
import { LiveWindowReader } from './live-window.reader';
import { RealtimeAccessService } from './realtime-access.service';
import { RealtimePublisher } from './realtime.publisher';

/**
 * The live stream (socket.io namespace `/live`): coalesced deltas of stored events per workspace and campaign
 * room, and notices from the alert and anomaly engines through `RealtimePublisher` (global, so those modules
 * inject it without importing this one).
 */
@Global()
@Module({
  imports: [IngestionModule],
  providers: [ConnectionRecheck, LiveGateway, LiveStreamService, LiveWindowReader, RealtimeAccessService, RealtimePublisher],
  exports: [RealtimePublisher],
})
export class RealtimeModule {}
