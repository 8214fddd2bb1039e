import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IngestEvent, IngestRejection } from '@mailpulse/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiErrorCode, ApiException } from '../common/api.exception';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { EventRepository } from '../ingestion/event.repository';
import { IngestionService } from '../ingestion/ingestion.service';
import { MalformedBody } from '../ingestion/malformed-body';
import { parseJsonLosslessly } from './parsers/lossless-json';
import { formFields } from './parsers/form-fields';
import { mailgunLegacyToEventData } from './parsers/mailgun-legacy';
import { parseMailgunWebhook } from './parsers/mailgun.parser';
import { VendorParseResult, WebhookPayloadError } from './parsers/parse-result';
import { parsePostmarkWebhook } from './parsers/postmark.parser';
import { parseSendGridEvents } from './parsers/sendgrid.parser';
import { parseSesNotification, parseSesRawMessage, SesParseResult } from './parsers/ses.parser';
import { asRecord } from './parsers/vendor-values';
import { verifyMailgunSignature } from './verifiers/mailgun-signature.verifier';
import { verifyPostmarkRequest } from './verifiers/postmark-auth.verifier';
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, verifySendGridSignature } from './verifiers/sendgrid-signature.verifier';
import { verifySnsMessage, verifySnsRawDelivery } from './verifiers/sns-signature.verifier';
import type { VerificationResult } from './verifiers/verification-result';
import { WebhookEndpoint, WebhookEndpointService } from './webhook-endpoint.service';
import { WebhookErrorCode, WebhookException } from './webhook.exception';
import { isWebhookVendor, WEBHOOK_VENDORS, webhookSource } from './webhook-vendor';

const RAW_DEAD_LETTER_LIMIT = 64 * 1024;

export interface WebhookRequest {
  vendor: string;
  token: string;
  /** The body as the app's parsers left it: a parsed value, a string (text/plain) or a MalformedBody. */
  body: unknown;
  /** The exact request bytes, when captured. */
  rawBody: Buffer | null;
  headers: IncomingHttpHeaders;
}

export interface WebhookRejection {
  reason: string;
  field?: string;
}

/** The answer to a vendor: always 200 once the request is authentic and readable, so vendors do not retry. */
export interface WebhookResponse {
  /** Events stored for the first time. */
  accepted: number;
  /** Events already stored (vendor retries). */
  duplicates: number;
  /** Vendor events the product does not use; each is logged with why. */
  ignored: number;
  /** Vendor events that could not be mapped or were refused by validation; each is in dead_letters. */
  rejected: WebhookRejection[];
  /** Set when the request was an SNS subscription message, now listed by GET /v1/webhooks/subscriptions. */
  subscription?: 'recorded';
}

interface Context {
  endpoint: WebhookEndpoint;
  source: string;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One vendor webhook request: find the endpoint by its token, read the body, check the vendor's signature or
 * credentials, map the vendor's events (pure parsers) and send them through the normal ingestion pipeline.
 */
@Injectable()
export class WebhookIngestService {
  private readonly logger = new Logger('webhooks');

  constructor(
    private readonly endpoints: WebhookEndpointService,
    private readonly ingestion: IngestionService,
    private readonly events: EventRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(req: WebhookRequest): Promise<WebhookResponse> {
    const endpoint = await this.endpointFor(req.vendor, req.token);
    const contentType = headerValue(req.headers, 'content-type') ?? '';
    const ctx: Context = { endpoint, source: webhookSource(endpoint.vendor) };
    const v = endpoint.verification;
    // Mailgun's legacy webhooks post form fields; they are read as the JSON webhooks they correspond to.
    if (v.vendor === 'mailgun' && /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType)) {
      const fields = req.rawBody ? formFields(contentType, req.rawBody) : null;
      if (!fields) throw new WebhookException(400, WebhookErrorCode.InvalidBody, 'body: is not a readable form (multipart/form-data needs its boundary)', 'body');
      const body = mailgunLegacyToEventData(fields);
      this.check(ctx, verifyMailgunSignature(v.settings, body));
      return this.ingestParsed(ctx, body, () => parseMailgunWebhook(body));
    }
    // JSON, or text/plain as SNS sends it; other form posts are refused whatever parsers the app has.
    if (!/^(application\/([\w.+-]*\+)?json|text\/plain)\b/i.test(contentType)) {
      throw new WebhookException(415, WebhookErrorCode.UnsupportedMediaType, 'Send the webhook body as JSON (Content-Type: application/json, or text/plain as SNS does; Mailgun\'s legacy form posts are read too)', 'Content-Type');
    }
    switch (v.vendor) {
      case 'sendgrid': {
        const raw = req.rawBody ?? Buffer.from(typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? null));
        this.check(ctx, verifySendGridSignature(v.settings, headerValue(req.headers, SENDGRID_SIGNATURE_HEADER), headerValue(req.headers, SENDGRID_TIMESTAMP_HEADER), raw));
        const body = await this.decode(ctx, req);
        return this.ingestParsed(ctx, body, () => parseSendGridEvents(body));
      }
      case 'postmark': {
        this.check(ctx, verifyPostmarkRequest(v.settings, req.headers));
        const body = await this.decode(ctx, req);
        return this.ingestParsed(ctx, body, () => parsePostmarkWebhook(body));
      }
      case 'mailgun': {
        const body = await this.decode(ctx, req);
        this.check(ctx, verifyMailgunSignature(v.settings, body));
        return this.ingestParsed(ctx, body, () => parseMailgunWebhook(body));
      }
      case 'ses': {
        const body = await this.decode(ctx, req);
        if (headerValue(req.headers, 'x-amz-sns-rawdelivery')?.toLowerCase() === 'true') {
          this.check(ctx, verifySnsRawDelivery(headerValue(req.headers, 'x-amz-sns-topic-arn'), v.settings));
          const snsMessageId = headerValue(req.headers, 'x-amz-sns-message-id') ?? 'raw';
          return this.ingestParsed(ctx, body, () => parseSesRawMessage(body, snsMessageId));
        }
        const envelope = asRecord(body);
        // A body that is no SNS message at all is a 400 from the parser, not a signature failure.
        if (envelope && 'Type' in envelope) this.check(ctx, verifySnsMessage(envelope, v.settings));
        return this.ingestParsed(ctx, body, () => parseSesNotification(body));
      }
    }
  }

  private async endpointFor(vendor: string, token: string): Promise<WebhookEndpoint> {
    if (!isWebhookVendor(vendor)) {
      throw new WebhookException(404, WebhookErrorCode.UnknownEndpoint, `Unknown webhook vendor "${vendor}"; expected one of ${WEBHOOK_VENDORS.join(', ')}`, 'vendor');
    }
    const endpoint = await this.endpoints.resolve(token);
    if (!endpoint || endpoint.vendor !== vendor) {
      throw new WebhookException(404, WebhookErrorCode.UnknownEndpoint, `No ${vendor} webhook endpoint has this token (it is unknown, revoked or made for another vendor)`, 'token');
    }
    return endpoint;
  }

  private check(ctx: Context, result: VerificationResult): void {
    if (result.ok) return;
    const code = result.missing ? WebhookErrorCode.MissingSignature : WebhookErrorCode.InvalidSignature;
    this.logger.warn(`${ctx.source} endpoint ${ctx.endpoint.id}: refused: ${result.reason}`);
    throw new WebhookException(401, code, `${ctx.endpoint.vendor}: ${result.reason}`);
  }

  /** The body as JSON, integers beyond 2^53 kept as digit strings; a body that is not JSON is dead-lettered and refused. */
  private async decode(ctx: Context, req: WebhookRequest): Promise<unknown> {
    if (req.body instanceof MalformedBody) return this.refuseMalformed(ctx, req.body.raw, req.body.message);
    const text = req.rawBody ? req.rawBody.toString('utf8') : typeof req.body === 'string' ? req.body : undefined;
    if (text === undefined) {
      if (req.body === undefined || req.body === null) throw new WebhookException(400, WebhookErrorCode.InvalidBody, 'body: is empty', 'body');
      return req.body;
    }
    if (text.trim() === '') throw new WebhookException(400, WebhookErrorCode.InvalidBody, 'body: is empty', 'body');
    try {
      return parseJsonLosslessly(text);
    } catch (err) {
      return this.refuseMalformed(ctx, text, (err as Error).message);
    }
  }

  private async refuseMalformed(ctx: Context, raw: string, message: string): Promise<never> {
    const reason = `body: is not valid JSON (${message})`;
    await this.deadLetter(ctx, reason, 'body', null, raw);
    throw new WebhookException(400, WebhookErrorCode.MalformedJson, reason, 'body');
  }

  private deadLetter(ctx: Context, reason: string, field: string | null, payload: unknown, raw: string | null): Promise<void> {
    return this.events.insertDeadLettersNow([{ workspaceId: ctx.endpoint.workspaceId, source: ctx.source, reason, field, payload, raw: raw?.slice(0, RAW_DEAD_LETTER_LIMIT) ?? null }]);
  }

  private async ingestParsed(ctx: Context, body: unknown, parse: () => VendorParseResult | SesParseResult): Promise<WebhookResponse> {
    let parsed: VendorParseResult | SesParseResult;
    try {
      parsed = parse();
    } catch (err) {
      if (!(err instanceof WebhookPayloadError)) throw err;
      await this.deadLetter(ctx, err.message, err.field, body, null);
      throw new WebhookException(400, WebhookErrorCode.InvalidBody, err.message, err.field);
    }
    const response: WebhookResponse = { accepted: 0, duplicates: 0, ignored: parsed.ignored.length, rejected: [] };

    if ('confirmation' in parsed && parsed.confirmation) {
      await this.endpoints.recordSnsMessage(ctx.endpoint, parsed.confirmation);
      this.logger.log(`${ctx.source} workspace ${ctx.endpoint.workspaceId}: recorded SNS ${parsed.confirmation.type} for ${parsed.confirmation.topicArn}`);
      response.subscription = 'recorded';
    }
    if (parsed.ignored.length) {
      const shown = parsed.ignored.slice(0, 10).join('; ');
      const more = parsed.ignored.length > 10 ? ` (and ${parsed.ignored.length - 10} more)` : '';
      this.logger.log(`${ctx.source} workspace ${ctx.endpoint.workspaceId}: ignored ${parsed.ignored.length}: ${shown}${more}`);
    }
    if (parsed.invalid.length) {
      await this.events.insertDeadLettersNow(
        parsed.invalid.map((i) => ({ workspaceId: ctx.endpoint.workspaceId, source: ctx.source, reason: i.reason, field: null, payload: i.payload, raw: null })),
      );
      response.rejected.push(...parsed.invalid.map((i) => ({ reason: i.reason })));
    }
    await this.ingestInBatches(ctx, parsed.events, response);
    return response;
  }

  /** Through the normal pipeline, in batches the collector accepts; events it refuses are dead-lettered by it. */
  private async ingestInBatches(ctx: Context, events: IngestEvent[], response: WebhookResponse): Promise<void> {
    const max = this.config.INGEST_MAX_BATCH;
    for (let start = 0; start < events.length; start += max) {
      const batch = events.slice(start, start + max);
      let rejected: IngestRejection[];
      try {
        const result = await this.ingestion.ingest(ctx.endpoint.workspaceId, batch, ctx.source);
        response.accepted += result.accepted;
        response.duplicates += result.duplicates;
        rejected = result.rejected;
      } catch (err) {
        // Every event of the batch was refused: already dead-lettered; the vendor must not retry it.
        if (!(err instanceof ApiException && err.code === ApiErrorCode.InvalidEvent)) throw err;
        rejected = (err.extra?.['rejected'] as IngestRejection[] | undefined) ?? [];
      }
      for (const r of rejected) {
        const event = batch[r.index];
        response.rejected.push({ reason: `${event?.id ?? `${event?.type ?? 'event'} ${start + r.index}`}: ${r.reason}`, ...(r.field ? { field: r.field } : {}) });
      }
    }
  }
}
