import { Injectable } from '@nestjs/common';
import { NoticeKind, NoticeSeverity, RealtimeEvents, RealtimeNotice } from '@mailpulse/contracts';
import type { Namespace } from 'socket.io';
import { campaignRoom, workspaceRoom } from './room-names';

/** What a publisher says; the rest of a RealtimeNotice is filled in. */
export interface NoticeInput {
  kind: NoticeKind;
  title: string;
  severity?: NoticeSeverity;
  campaignId?: string | null;
  detail?: string | null;
  refId?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
}

/**
 * Pushes anomalies, alerts and campaign changes to the live stream: to the workspace's room and, when the notice
 * names a campaign, that campaign's room. Notices are not coalesced. With REDIS_URL they reach the clients of
 * every API process (socket.io Redis adapter), so a publisher calls this once, on whichever process it runs.
 */
@Injectable()
export class RealtimePublisher {
  private nsp: Namespace | null = null;

  /** Called once the socket.io namespace exists. */
  attach(nsp: Namespace): void {
    this.nsp = nsp;
  }

  /** Sends the notice and returns it as clients receive it (also when no client is connected). */
  publishNotice(workspaceId: string, input: NoticeInput): RealtimeNotice {
    const notice: RealtimeNotice = {
      kind: input.kind,
      workspaceId,
      campaignId: input.campaignId ?? null,
      severity: input.severity ?? 'warning',
      title: input.title,
      detail: input.detail ?? null,
      refId: input.refId ?? null,
      data: input.data ?? {},
      at: (input.at ?? new Date()).toISOString(),
    };
    const rooms = [workspaceRoom(workspaceId), ...(notice.campaignId !== null ? [campaignRoom(workspaceId, notice.campaignId)] : [])];
    // A client in both rooms gets the notice once.
    this.nsp?.to(rooms).emit(RealtimeEvents.notice, notice);
    return notice;
  }
}
