import { Module } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { FormBodyParsers } from './form-body.parsers';
import { HitJournalService } from './journal/hit-journal.service';
import { MessagePreparationController } from './message-preparation.controller';
import { TrackingKeyController } from './tracking-key.controller';
import { TrackingKeyService } from './tracking-key.service';
import { TrackingSecretRepository } from './tracking-secret.repository';
import { TrackingController } from './tracking.controller';
import { TrackingHitRoutes } from './tracking-hit.routes';
import { TrackingService } from './tracking.service';

/** Own tracking: open pixel, click redirect, one-click unsubscribe, message preparation and tracking keys. */
@Module({
  imports: [IngestionModule],
  controllers: [TrackingController, MessagePreparationController, TrackingKeyController],
  providers: [TrackingService, TrackingKeyService, TrackingSecretRepository, FormBodyParsers, TrackingHitRoutes, HitJournalService],
})
export class TrackingModule {}
