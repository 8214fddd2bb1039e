import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AnalyticsModule } from '../analytics/analytics.module';
import { ReportScheduleRepository } from './report-schedule.repository';
import { ReportScheduleService } from './report-schedule.service';
import { ReportRepository } from './report.repository';
import { ReportService } from './report.service';
import { ReportsController } from './reports.controller';

/** PDF reports (workspace summary, campaign) with server-rendered charts, on demand and emailed on a schedule. */
@Module({
  imports: [AnalyticsModule, AlertsModule],
  controllers: [ReportsController],
  providers: [ReportRepository, ReportService, ReportScheduleRepository, ReportScheduleService],
  exports: [ReportService],
})
export class ReportsModule {}
