import { Injectable } from '@nestjs/common';
import type { CampaignSummary } from '@mailpulse/contracts';
import { CampaignsService } from '../analytics/campaigns/campaigns.service';
import type { CsvExport } from './csv-export';
import type { EventsExportQuery, RangeExportQuery } from './dto/export-query.dto';
import { BOUNCE_COLUMNS, CAMPAIGN_COLUMNS, COMPLAINT_COLUMNS, CONTACT_COLUMNS, EVENT_COLUMNS } from './export-columns';
import { ExportRepository, type ExportRow } from './export.repository';

export interface ExportDescription {
  name: string;
  path: string;
  description: string;
}

/** What GET /v1/exports lists. */
export const EXPORTS: ExportDescription[] = [
  { name: 'Events', path: '/v1/exports/events.csv', description: 'Raw events, oldest first (?from=&to=&type=&campaignId=&messageId=&contact=)' },
  { name: 'Campaign metrics', path: '/v1/exports/campaigns.csv', description: 'Counts and rates per campaign' },
  { name: 'Contact engagement', path: '/v1/exports/contacts.csv', description: 'Per contact: messages, deliveries, opens, clicks, complaints (?from=&to=&campaignId=)' },
  { name: 'Bounces', path: '/v1/exports/bounces.csv', description: 'Every bounce with its class, SMTP code and reason (?from=&to=&campaignId=)' },
  { name: 'Complaints', path: '/v1/exports/complaints.csv', description: 'Every spam complaint with its feedback type (?from=&to=&campaignId=)' },
];

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The CSV exports of a workspace: each a file name, its columns and a stream of rows. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly repo: ExportRepository,
    private readonly campaigns: CampaignsService,
  ) {}

  events(workspaceId: string, q: EventsExportQuery): CsvExport<ExportRow> {
    return { filename: `events-${day(q.from)}-${day(q.to)}.csv`, columns: EVENT_COLUMNS, batches: this.repo.events(workspaceId, q) };
  }

  async campaignMetrics(workspaceId: string): Promise<CsvExport<CampaignSummary>> {
    const rows = (await this.campaigns.summaries(workspaceId)).sort((a, b) => (a.firstSentAt ?? '').localeCompare(b.firstSentAt ?? '') || a.id.localeCompare(b.id));
    return { filename: 'campaigns.csv', columns: CAMPAIGN_COLUMNS, batches: [rows] };
  }

  contactEngagement(workspaceId: string, q: RangeExportQuery): CsvExport<ExportRow> {
    return { filename: `contacts-${day(q.from)}-${day(q.to)}.csv`, columns: CONTACT_COLUMNS, batches: this.repo.contactEngagement(workspaceId, q) };
  }

  bounces(workspaceId: string, q: RangeExportQuery): CsvExport<ExportRow> {
    return { filename: `bounces-${day(q.from)}-${day(q.to)}.csv`, columns: BOUNCE_COLUMNS, batches: this.repo.bounces(workspaceId, q) };
  }

  complaints(workspaceId: string, q: RangeExportQuery): CsvExport<ExportRow> {
    return { filename: `complaints-${day(q.from)}-${day(q.to)}.csv`, columns: COMPLAINT_COLUMNS, batches: this.repo.complaints(workspaceId, q) };
  }
}
