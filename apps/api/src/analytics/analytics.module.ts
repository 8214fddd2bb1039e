import { Module } from '@nestjs/common';
import { AbTestController } from './ab-tests/ab-test.controller';
import { AbTestService } from './ab-tests/ab-test.service';
import { AttributionRepository } from './attribution/attribution.repository';
import { BenchmarksController } from './benchmarks/benchmarks.controller';
import { BenchmarksService } from './benchmarks/benchmarks.service';
import { CampaignAggregateCache } from './campaigns/campaign-aggregate.cache';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignsRepository } from './campaigns/campaigns.repository';
import { CampaignsService } from './campaigns/campaigns.service';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsRepository } from './contacts/contacts.repository';
import { ContactsService } from './contacts/contacts.service';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { DeadLettersRepository } from './dead-letters/dead-letters.repository';
import { DeadLettersService } from './dead-letters/dead-letters.service';
import { DeliverabilityController } from './deliverability/deliverability.controller';
import { DeliverabilityRepository } from './deliverability/deliverability.repository';
import { DeliverabilityService } from './deliverability/deliverability.service';
import { EventsExplorerController } from './events-explorer/events-explorer.controller';
import { EventsExplorerRepository } from './events-explorer/events-explorer.repository';
import { EventsExplorerService } from './events-explorer/events-explorer.service';
import { OverviewController } from './overview/overview.controller';
import { OverviewRepository } from './overview/overview.repository';
import { OverviewService } from './overview/overview.service';
import { RevenueController } from './revenue/revenue.controller';
import { RevenueService } from './revenue/revenue.service';
import { TimeSeriesController } from './timeseries/timeseries.controller';
import { TimeSeriesRepository } from './timeseries/timeseries.repository';
import { TimeSeriesService } from './timeseries/timeseries.service';

/**
 * The analytics REST API (`/v1`, read key or session): overview, time series, campaigns and A/B tests,
 * contacts, revenue, the raw-event explorer, dead letters and deliverability. Reads only (plus campaign costs);
 * rates and statistics come from @mailpulse/metrics.
 */
@Module({
  controllers: [
    OverviewController,
    TimeSeriesController,
    CampaignsController,
    AbTestController,
    ContactsController,
    RevenueController,
    EventsExplorerController,
    DeadLettersController,
    DeliverabilityController,
    BenchmarksController,
  ],
  providers: [
    AttributionRepository,
    OverviewRepository,
    OverviewService,
    TimeSeriesRepository,
    TimeSeriesService,
    CampaignsRepository,
    CampaignAggregateCache,
    CampaignsService,
    AbTestService,
    ContactsRepository,
    ContactsService,
    RevenueService,
    EventsExplorerRepository,
    EventsExplorerService,
    DeadLettersRepository,
    DeadLettersService,
    DeliverabilityRepository,
    DeliverabilityService,
    BenchmarksService,
  ],
  exports: [OverviewService, CampaignsService, TimeSeriesService],
})
export class AnalyticsModule {}
