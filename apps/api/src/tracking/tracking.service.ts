import { Inject, Injectable } from '@nestjs/common';
import type { IngestEvent } from '@mailpulse/contracts';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import type { PrepareMessageBody } from './dto/prepare-message.dto';
import type { HitSignals } from './hit-signals';
import { HitJournalService } from './journal/hit-journal.service';
import { normalizeBaseUrl, PreparedMessage, prepareMessage } from './prepare-message';
import { engagementEvent, UnsubscribeSource, unsubscribeEvent } from './tracking-event';
import { TrackingKeyService } from './tracking-key.service';
import { decodeToken, formatTrackingKey, hasValidSignature, TokenKind, TrackingClaims } from './tracking-token';

export type HitOutcome = { kind: 'recorded'; claims: TrackingClaims } | { kind: 'invalid' };

export interface WorkspaceTrackingKey {
  workspaceId: string;
  trackingKey: string;
  baseUrl: string;
}

/**
 * Verifies tracking tokens and records each hit as an event through the ingestion pipeline; prepares
 * messages (pixel, click links, List-Unsubscribe) with the workspace's current key.
 */
@Injectable()
export class TrackingService {
  constructor(
    private readonly keys: TrackingKeyService,
    private readonly journal: HitJournalService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The token's claims when it is well formed, of the expected kind and signed by an active workspace key. */
  async verify(token: string, kind: TokenKind): Promise<TrackingClaims | null> {
    const decoded = decodeToken(token);
    if (!decoded || decoded.claims.kind !== kind) return null;
    const secret = await this.keys.verificationSecret(decoded.workspaceId, decoded.keyVersion);
    return secret && hasValidSignature(decoded, secret) ? decoded.claims : null;
  }

  /** Records an open or a click; resolves once the event is durable (in the journal, or committed). */
  async recordEngagement(token: string, kind: 'open' | 'click', signals: HitSignals): Promise<HitOutcome> {
    const claims = await this.verify(token, kind);
    if (!claims) return { kind: 'invalid' };
    await this.record(claims.workspaceId, engagementEvent(claims, signals, newEventId(), new Date()));
    return { kind: 'recorded', claims };
  }

  async recordUnsubscribe(token: string, source: UnsubscribeSource): Promise<HitOutcome> {
    const claims = await this.verify(token, 'unsubscribe');
    if (!claims) return { kind: 'invalid' };
    await this.record(claims.workspaceId, unsubscribeEvent(claims, source, newEventId(), new Date()));
    return { kind: 'recorded', claims };
  }

  async prepare(workspaceId: string, body: PrepareMessageBody, requestOrigin: string): Promise<PreparedMessage> {
    const key = await this.keys.signingKey(workspaceId);
    return prepareMessage({
      html: body.html,
      workspaceId,
      messageId: body.messageId,
      ...(body.campaignId ? { campaignId: body.campaignId } : {}),
      ...(body.contact?.email ? { contactEmail: body.contact.email } : {}),
      ...(body.variant ? { variant: body.variant } : {}),
      ...(body.unsubscribeMailto ? { unsubscribeMailto: body.unsubscribeMailto } : {}),
      baseUrl: this.baseUrl(requestOrigin),
      secret: key,
    });
  }

  /** The workspace's current key in the form the nodemailer plugin takes, created on first use. */
  async trackingKey(workspaceId: string, requestOrigin: string): Promise<WorkspaceTrackingKey> {
    const key = await this.keys.signingKey(workspaceId);
    return { workspaceId, trackingKey: formatTrackingKey(key), baseUrl: this.baseUrl(requestOrigin) };
  }

  async rotateKey(workspaceId: string, requestOrigin: string): Promise<WorkspaceTrackingKey> {
    const key = await this.keys.rotate(workspaceId);
    return { workspaceId, trackingKey: formatTrackingKey(key), baseUrl: this.baseUrl(requestOrigin) };
  }

  /** TRACKING_BASE_URL, else PUBLIC_URL, else the origin the request came in on. */
  private baseUrl(requestOrigin: string): string {
    return normalizeBaseUrl(this.config.TRACKING_BASE_URL ?? this.config.PUBLIC_URL ?? requestOrigin);
  }

  /**
   * Resolves once the event is durable: on the local journal's disk (TRACKING_JOURNAL=on, stored in PostgreSQL
   * right after), else committed through the pipeline's group commit.
   */
  private async record(workspaceId: string, event: IngestEvent): Promise<void> {
    if (this.journal.enabled) return this.journal.record(workspaceId, event);
    return this.journal.storeNow(workspaceId, [event]);
  }
}

function newEventId(): string {
  return `trk_${randomUUID()}`;
}
