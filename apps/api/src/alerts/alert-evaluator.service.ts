import { Injectable, Logger, Optional } from '@nestjs/common';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import type { NotificationEvent } from './alert-message';
import type { AlertRule, Observation } from './alert-rule';
import { AlertIncidentRepository } from './alert-incident.repository';
import { AlertRuleRepository } from './alert-rule.repository';
import { AlertSignalRepository } from './alert-signal.repository';
import { nextIncidentAction } from './incident-transition';
import { clearObservation, observeAnomalies, observeDns, observeSmtp } from './rule-observations';
import { observeThreshold } from './threshold-measure';

export interface EvaluationSummary {
  rules: number;
  opened: number;
  escalated: number;
  resolved: number;
  failed: number;
}

/**
 * Evaluates alert rules at the end of a closed minute bucket and moves each rule's incidents through the state
 * machine (incident-transition.ts). Notifications are queued with the transitions and sent by AlertDelivery.
 */
@Injectable()
export class AlertEvaluator {
  private readonly logger = new Logger('alerts');

  constructor(
    private readonly rules: AlertRuleRepository,
    private readonly incidents: AlertIncidentRepository,
    private readonly signals: AlertSignalRepository,
    @Optional() private readonly realtime?: RealtimePublisher,
  ) {}

  /** Tells the portal's live stream (best effort: the notifications are the record). */
  private pushNotice(rule: AlertRule, incidentId: string, event: NotificationEvent, o: Observation): void {
    try {
      this.realtime?.publishNotice(rule.workspaceId, {
        kind: 'alert',
        title: `${event === 'resolved' ? 'Resolved' : event === 'escalated' ? 'Escalated' : 'Alert'}: ${o.subject ? `${rule.name} (${o.subject})` : rule.name}`,
        severity: event === 'resolved' ? 'info' : o.severity,
        detail: o.summary,
        refId: incidentId,
        campaignId: rule.kind === 'threshold' ? (rule.definition.filter.campaignId ?? null) : null,
        data: { event, ruleId: rule.id, value: o.value, threshold: o.threshold, volume: o.volume, windowStart: o.windowStart, windowEnd: o.windowEnd },
      });
    } catch (err) {
      this.logger.warn(`alert notice not pushed to the live stream: ${(err as Error).message}`);
    }
  }

  /** Every enabled rule (of one workspace when given) as of `at`, the end of the last closed bucket. */
  async evaluateAt(at: Date, workspaceId?: string): Promise<EvaluationSummary> {
    const rules = await this.rules.listEnabled(workspaceId);
    const summary: EvaluationSummary = { rules: rules.length, opened: 0, escalated: 0, resolved: 0, failed: 0 };
    for (const rule of rules) {
      try {
        await this.evaluateRule(rule, at, summary);
      } catch (err) {
        summary.failed++;
        this.logger.warn(`alert rule ${rule.id} (${rule.name}) could not be evaluated: ${(err as Error).message}`);
      }
    }
    return summary;
  }

  private async observe(rule: AlertRule, at: Date): Promise<{ observations: Observation[]; from: Date; what: string }> {
    switch (rule.kind) {
      case 'threshold': {
        const from = new Date(at.getTime() - rule.definition.windowMinutes * 60_000);
        const counts = await this.signals.windowCounts(rule.workspaceId, rule.definition.filter, from, at);
        return { observations: [observeThreshold(rule.definition, counts, from, at)], from, what: rule.name };
      }
      case 'anomaly': {
        const from = new Date(at.getTime() - rule.definition.windowMinutes * 60_000);
        const found = await this.signals.anomalies(rule.workspaceId, from, at, rule.definition.metric);
        return { observations: observeAnomalies(rule.definition, found, from, at), from, what: 'No anomaly in the window; it' };
      }
      case 'infrastructure':
        return rule.definition.check === 'smtp'
          ? { observations: observeSmtp(await this.signals.smtpFailures(rule.workspaceId), at), from: at, what: 'The SMTP probe' }
          : { observations: observeDns(await this.signals.dnsProblems(rule.workspaceId), at), from: at, what: 'The DNS record' };
    }
  }

  private async evaluateRule(rule: AlertRule, at: Date, summary: EvaluationSummary): Promise<void> {
    const { observations, from, what } = await this.observe(rule, at);
    const open = await this.incidents.openIncidents(rule.workspaceId, rule.id);
    const bySubject = new Map(observations.map((o) => [o.subject, o]));
    // A subject with an open incident that is no longer reported is clear.
    for (const subject of open.keys()) if (!bySubject.has(subject)) bySubject.set(subject, clearObservation(subject, from, at, what));

    for (const [subject, observation] of bySubject) {
      const incident = open.get(subject) ?? null;
      const action = nextIncidentAction(incident, observation, at, rule.cooldownMinutes);
      switch (action.type) {
        case 'open': {
          const id = await this.incidents.open(rule.workspaceId, rule.id, observation, at);
          if (id) {
            summary.opened++;
            this.pushNotice(rule, id, 'firing', observation);
          }
          break;
        }
        case 'escalate':
          await this.incidents.escalate(rule.workspaceId, incident!.id, observation);
          summary.escalated++;
          this.pushNotice(rule, incident!.id, 'escalated', observation);
          break;
        case 'hold':
          await this.incidents.observe(rule.workspaceId, incident!.id, observation, null);
          break;
        case 'clearing':
          await this.incidents.observe(rule.workspaceId, incident!.id, observation, at);
          break;
        case 'resolve':
          await this.incidents.resolve(rule.workspaceId, incident!.id, observation, at);
          summary.resolved++;
          this.pushNotice(rule, incident!.id, 'resolved', observation);
          break;
        case 'none':
          if (incident) await this.incidents.observe(rule.workspaceId, incident.id, observation, incident.clearSince);
          break;
      }
    }
  }
}
