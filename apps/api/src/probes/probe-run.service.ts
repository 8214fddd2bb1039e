import { Injectable, Logger } from '@nestjs/common';
import type { IngestEvent, IngestResponse } from '@mailpulse/contracts';
import { IngestionService } from '../ingestion/ingestion.service';
import { DnsChecker } from './dns/dns.checker';
import { mapConcurrently } from './map-concurrently';
import { dnsCheckEvent, smtpProbeEvent } from './probe-events';
import { nextDnsStatus, nextSmtpStatus, SmtpStatusRow } from './probe-status';
import { ProbeStatusRepository } from './probe-status.repository';
import { SendingDomainRepository } from './sending-domain.repository';
import { DnsCheckView, dnsCheckView } from './sending-domain.view';
import { SmtpProber } from './smtp/smtp.prober';

/** Domains (and SMTP hosts) probed at once within one workspace. */
const CONCURRENCY = 8;

export interface ProbeRunReport {
  ranAt: Date;
  sendingDomains: { domain: string; checks: DnsCheckView[] }[];
  smtpHosts: SmtpStatusRow[];
  /** How the results fared as infra events; null when they could not be recorded. */
  events: IngestResponse | null;
}

/**
 * One probe run of a workspace: checks every sending domain's DNS and probes every SMTP host, folds the results
 * into the current statuses and records each as an `infra.dns` / `infra.smtp` event through ingestion.
 */
@Injectable()
export class ProbeRunService {
  private readonly logger = new Logger('probes');

  constructor(
    private readonly targets: SendingDomainRepository,
    private readonly statuses: ProbeStatusRepository,
    private readonly dns: DnsChecker,
    private readonly smtp: SmtpProber,
    private readonly ingestion: IngestionService,
  ) {}

  async runWorkspace(workspaceId: string): Promise<ProbeRunReport> {
    const [domains, hosts, previousDns, previousSmtp] = await Promise.all([
      this.targets.listDomains(workspaceId),
      this.targets.listHosts(workspaceId),
      this.statuses.dnsStatuses(workspaceId),
      this.statuses.smtpStatuses(workspaceId),
    ]);
    const [checked, probed] = await Promise.all([
      mapConcurrently(domains, CONCURRENCY, async (d) => ({ domain: d.domain, checks: await this.dns.checkDomain(d.domain, d.dkimSelectors) })),
      mapConcurrently(hosts, CONCURRENCY, (h) => this.smtp.probe(h)),
    ]);

    const ranAt = new Date();
    const dnsUpdates = checked.flatMap(({ domain, checks }) =>
      checks.map((check) => {
        const previous = previousDns.find((p) => p.domain === domain && p.record === check.record && p.selector === check.selector);
        return nextDnsStatus(previous, { domain, ...check }, ranAt);
      }),
    );
    const smtpRows = probed.map((result) => nextSmtpStatus(previousSmtp.find((p) => p.host === result.host && p.port === result.port), result, ranAt));
    await Promise.all([
      this.statuses.saveDnsStatuses(workspaceId, dnsUpdates.map((u) => u.row)),
      this.statuses.saveSmtpStatuses(workspaceId, smtpRows),
    ]);

    const events = [...dnsUpdates.map(dnsCheckEvent), ...probed.map((r) => smtpProbeEvent(r, ranAt))].filter((e): e is IngestEvent => e !== null);
    return {
      ranAt,
      sendingDomains: domains.map((d) => ({
        domain: d.domain,
        checks: dnsUpdates.filter((u) => u.row.domain === d.domain).map((u) => dnsCheckView(u.row)),
      })),
      smtpHosts: smtpRows,
      events: await this.record(workspaceId, events),
    };
  }

  /** A scheduled run: every workspace with something to probe, one after the other. */
  async runAllWorkspaces(): Promise<{ workspaces: number; failed: number }> {
    const workspaces = await this.targets.workspacesWithTargets();
    let failed = 0;
    for (const workspaceId of workspaces) {
      try {
        await this.runWorkspace(workspaceId);
      } catch (err) {
        failed++;
        this.logger.warn(`probe run of workspace ${workspaceId} failed: ${(err as Error).message}`);
      }
    }
    return { workspaces: workspaces.length, failed };
  }

  private async record(workspaceId: string, events: IngestEvent[]): Promise<IngestResponse | null> {
    if (!events.length) return { accepted: 0, duplicates: 0, rejected: [] };
    try {
      const response = await this.ingestion.ingest(workspaceId, events, 'probe');
      if (response.rejected.length) this.logger.warn(`${response.rejected.length} probe events were rejected; the first: ${response.rejected[0]!.reason}`);
      return response;
    } catch (err) {
      // The statuses are saved; losing this run's events is better than failing the run over them.
      this.logger.warn(`recording ${events.length} probe events failed: ${(err as Error).message}`);
      return null;
    }
  }
}
