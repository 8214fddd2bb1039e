import { DynamicModule, Module } from '@nestjs/common';
import { AnalyticsModule } from './analytics/analytics.module';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { isFirstWorker } from './cluster/api-workers';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/config.schema';
import { DashboardsModule } from './dashboards/dashboards.module';
import { DatabaseModule } from './database/database.module';
import { DemoModule } from './demo/demo.module';
import { EtlModule } from './etl/etl.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { JobsModule } from './jobs/jobs.module';
import { LiveStoreModule } from './live-store/live-store.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PrivacyModule } from './privacy/privacy.module';
import { PredictionsModule } from './predictions/predictions.module';
import { ProbesModule } from './probes/probes.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ReportsModule } from './reports/reports.module';
import { RetentionModule } from './retention/retention.module';
import { TrackingModule } from './tracking/tracking.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { WorkspaceManagementModule } from './workspaces/workspace-management.module';
import { WorkspacesModule } from './workspaces/workspaces.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        JobsModule,
        EtlModule,
        PredictionsModule,
        LiveStoreModule,
        MetricsModule,
        WorkspacesModule,
        AuthModule,
        WorkspaceManagementModule,
        HealthModule,
        IngestionModule,
        WebhooksModule,
        TrackingModule,
        ProbesModule,
        RealtimeModule,
        RetentionModule,
        AnalyticsModule,
        PrivacyModule,
        AlertsModule,
        ExportsModule,
        ReportsModule,
        DashboardsModule,
        NotificationsModule,
        // Demo traffic once per node: with API_WORKERS > 1, in the first process only.
        ...(config.MAILPULSE_DEMO === 'on' && isFirstWorker() ? [DemoModule] : []),
      ],
    };
  }
}
