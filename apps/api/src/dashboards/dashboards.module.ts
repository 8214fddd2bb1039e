import { Module } from '@nestjs/common';
import { DashboardRepository } from './dashboard.repository';
import { DashboardsController } from './dashboards.controller';
import { DashboardsService } from './dashboards.service';

/** Custom dashboards per workspace: private or shared arrangements of the portal's widgets, and each member's default. */
@Module({
  controllers: [DashboardsController],
  providers: [DashboardRepository, DashboardsService],
})
export class DashboardsModule {}
