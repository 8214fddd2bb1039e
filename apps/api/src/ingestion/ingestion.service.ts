import { Inject, Injectable } from '@nestjs/common';
import type { IngestRejection, IngestResponse } from '@mailpulse/contracts';
import { Registry } from 'prom-client';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { EventRepository } from './event.repository';
import { EventRouter } from './event.router';
import { bodiesWithNulEscape, MalformedBody } from './malformed-body';
import { MessageDirectory } from './message-directory';
import { collectEvents } from './pipeline/collector';
import { createEnricherStep } from './pipeline/enricher.step';
import type { DeadLetter, ValidatedItem } from './pipeline/pipeline.types';
import { StepMetrics } from './pipeline/step-metrics';
import { UserAgentParser } from './pipeline/user-agent.parser';
import { createValidatorStep } from './pipeline/validator.step';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
const RAW_DEAD_LETTER_LIMIT = 64 * 1024;

/** Runs one request through collector → validator → enricher → router and reports what was stored. */
@Injectable()
export class IngestionService {
  private readonly validator;
  private readonly userAgents = new UserAgentParser();
  private readonly metrics: StepMetrics;

  constructor(
    private readonly router: EventRouter,
    private readonly directory: MessageDirectory,
    private readonly events: EventRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.validator = createValidatorStep({ maxFutureSeconds: config.INGEST_MAX_FUTURE_SECONDS, maxAgeDays: config.INGEST_MAX_AGE_DAYS, now: Date.now });
    this.metrics = new StepMetrics(registry);
  }

  async ingest(workspaceId: string, body: unknown, source: string): Promise<IngestResponse> {
    if (body instanceof MalformedBody) {
      const reason = `body: is not valid JSON (${body.message})`;
      await this.events.insertDeadLettersNow([{ workspaceId, source, reason, field: 'body', payload: null, raw: body.raw.slice(0, RAW_DEAD_LETTER_LIMIT) }]);
      throw new ApiException(400, ApiErrorCode.MalformedJson, reason, 'body');
    }
    const batch = collectEvents(body, {
      workspaceId,
      source,
      maxBatch: this.config.INGEST_MAX_BATCH,
      receivedAt: new Date(),
      // Bodies parsed from JSON text are flagged when the text spelled a NUL or a surrogate; events built by a
      // webhook parser or the tracking routes are new objects, so they are always checked.
      mayContainNul: source !== 'api' || (body !== null && typeof body === 'object' && bodiesWithNulEscape.has(body)),
    });

    const rejected: IngestRejection[] = [];
    const deadLetters: DeadLetter[] = [];
    const valid: ValidatedItem[] = [];
    this.metrics.applyAll(this.validator, batch.items).forEach((r, i) => {
      const item = batch.items[i]!;
      if (r.kind === 'ok') valid.push(r.value);
      else {
        const field = r.kind === 'deadLetter' ? r.field : undefined;
        rejected.push({ index: item.index, reason: r.reason, ...(field ? { field } : {}) });
        if (r.kind === 'deadLetter') deadLetters.push({ workspaceId, source, reason: r.reason, field: field ?? null, payload: item.payload, raw: null });
      }
    });

    const messages = await this.directory.resolve(workspaceId, valid.map((v) => v.event));
    const enriched = this.metrics
      .applyAll(createEnricherStep(messages, this.userAgents), valid)
      .flatMap((r) => (r.kind === 'ok' ? [r.value] : []));

    const isNew = await this.router.route(enriched, deadLetters);
    const accepted = isNew.filter(Boolean).length;
    const response: IngestResponse = { accepted, duplicates: isNew.length - accepted, rejected };
    if (isNew.length === 0 && rejected.length > 0) {
      const first = rejected[0]!;
      const message = batch.single ? first.reason : `All ${rejected.length} events were rejected; the first: ${first.reason}`;
      throw new ApiException(400, ApiErrorCode.InvalidEvent, message, first.field, { ...response });
    }
    return response;
  }
}
