import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { ExportRepository } from './export.repository';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

/** CSV exports of events, campaign metrics, contact engagement, bounces and complaints, streamed from a cursor. */
@Module({
  imports: [AnalyticsModule],
  controllers: [ExportsController],
  providers: [ExportRepository, ExportsService],
  exports: [ExportsService],
})
export class ExportsModule {}
