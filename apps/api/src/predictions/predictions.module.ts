import { Module } from '@nestjs/common';
import { AnomalyDetectionService } from './anomaly-detection.service';
import { AnomalyFeed } from './anomaly.feed';
import { AnomalyRepository } from './anomaly.repository';
import { CampaignPredictionService } from './campaign-prediction.service';
import { ModelRegistry } from './model-registry';
import { PredictionRepository } from './prediction.repository';
import { PredictionsController } from './predictions.controller';
import { PredictionsSchedule } from './predictions.schedule';
import { RecommendationRepository } from './recommendation.repository';
import { RecommendationService } from './recommendation.service';
import { SendTimeService } from './send-time.service';

/** Campaign predictions, anomaly detection (with its feed), best send times and recommendations, served from the ML models. */
@Module({
  controllers: [PredictionsController],
  providers: [
    ModelRegistry,
    PredictionRepository,
    AnomalyRepository,
    AnomalyFeed,
    AnomalyDetectionService,
    CampaignPredictionService,
    SendTimeService,
    RecommendationRepository,
    RecommendationService,
    PredictionsSchedule,
  ],
  exports: [AnomalyFeed, AnomalyDetectionService, ModelRegistry],
})
export class PredictionsModule {}
