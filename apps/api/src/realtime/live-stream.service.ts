import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { RealtimeDelta, RealtimeError, RealtimeEvents, RealtimeLiveWindow, RealtimeSubscribeAck } from '@mailpulse/contracts';
import type { Namespace, Socket } from 'socket.io';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { RealtimeBatch, RealtimeChannel } from '../ingestion/realtime.channel';
import { addCounts, BatchSummary, emptyCounts, isBatchSummary, PendingCounts, summarizeBatch, toDeltaCounts } from './delta-counts';
import { LiveWindowReader } from './live-window.reader';
import { RealtimeAccessService, RealtimeViewer, RoomGrant } from './realtime-access.service';
import { RealtimeRefusal, RealtimeRefusalCode } from './realtime.refusal';
import { roomOf } from './room-names';

/** Server-to-server event (through the socket.io adapter) that carries one process's stored counts to the others. */
export const STORED_COUNTS_EVENT = 'mailpulse:stored-counts';

/** Rooms one connection may be in at once (workspaces and campaigns together). */
export const MAX_ROOMS_PER_CONNECTION = 100;

/** Longest a delta waits for the live store's window; past it the room's previous window goes out instead. */
const LIVE_WINDOW_WAIT_MS = 50;

interface RoomState {
  workspaceId: string;
  campaignId: string | null;
  pending: PendingCounts | null;
  timer: NodeJS.Timeout | null;
  flushing: boolean;
  lastSentAt: number;
  seq: number;
  /** The room's latest live window, sent when a fresh one takes longer than LIVE_WINDOW_WAIT_MS. */
  live: RealtimeLiveWindow | null;
}

/**
 * The live stream's deltas. Every API process sums the events stored anywhere (its own from the router's
 * RealtimeChannel, the others' through the socket.io adapter) into the rooms its own clients joined, and sends
 * each room at most one delta per REALTIME_FLUSH_MS to its own clients, however many processes and events there
 * are. A delta is exact: it holds every event stored since the room's previous delta, once.
 */
@Injectable()
export class LiveStreamService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('realtime');
  private readonly rooms = new Map<string, RoomState>();
  private nsp: Namespace | null = null;
  private stopListening: (() => void) | null = null;

  constructor(
    private readonly channel: RealtimeChannel,
    private readonly access: RealtimeAccessService,
    private readonly liveWindow: LiveWindowReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.channel.subscribe((batch) => this.onStored(batch));
  }

  onModuleDestroy(): void {
    this.stopListening?.();
    for (const state of this.rooms.values()) if (state.timer) clearTimeout(state.timer);
    this.rooms.clear();
  }

  /** Called once the socket.io namespace exists. */
  attach(nsp: Namespace): void {
    this.nsp = nsp;
    nsp.on(STORED_COUNTS_EVENT, (summary: unknown) => {
      if (isBatchSummary(summary)) this.accumulate(summary);
    });
    nsp.adapter.on('delete-room', (room: string) => this.forget(room));
  }

  /** `subscribe`: joins the room if the connection's viewer may read it; answers the room's current live figures. */
  async join(socket: Socket, body: unknown): Promise<RealtimeSubscribeAck> {
    try {
      const grant = await this.access.grantRoom(socket.data['viewer'] as RealtimeViewer, body);
      const room = roomOf(grant.workspaceId, grant.campaignId);
      // socket.rooms also holds the connection's own id.
      if (!socket.rooms.has(room) && socket.rooms.size - 1 >= MAX_ROOMS_PER_CONNECTION) {
        throw new RealtimeRefusal(RealtimeRefusalCode.TooManyRooms, `A connection may be in at most ${MAX_ROOMS_PER_CONNECTION} rooms; unsubscribe from one first`, 'campaignId');
      }
      await socket.join(room);
      return { ok: true, room, workspaceId: grant.workspaceId, campaignId: grant.campaignId, snapshot: await this.readLiveWindow(grant) };
    } catch (err) {
      return { ok: false, error: this.refusalOf(err) };
    }
  }

  /** `unsubscribe`: leaves the room (a room never joined is fine). */
  async leave(socket: Socket, body: unknown): Promise<{ ok: true } | { ok: false; error: RealtimeError }> {
    try {
      const grant = await this.access.grantRoom(socket.data['viewer'] as RealtimeViewer, body);
      await socket.leave(roomOf(grant.workspaceId, grant.campaignId));
      return { ok: true };
    } catch (err) {
      return { ok: false, error: this.refusalOf(err) };
    }
  }

  /** A refusal as the client gets it; anything else (database away …) is logged and answered as unavailable. */
  private refusalOf(err: unknown): RealtimeError {
    if (err instanceof RealtimeRefusal) return err.toError();
    this.logger.error(`live-stream subscription failed: ${(err as Error).stack ?? String(err)}`);
    return { code: RealtimeRefusalCode.Unavailable, message: 'The subscription could not be checked; try again' };
  }

  private onStored(batch: RealtimeBatch): void {
    const nsp = this.nsp;
    if (!nsp) return;
    const summary = summarizeBatch(batch.workspaceId, batch.events);
    this.accumulate(summary);
    // Only the Redis adapter reaches other processes; the in-process one has nobody to tell.
    if (this.config.REDIS_URL) nsp.serverSideEmit(STORED_COUNTS_EVENT, summary);
  }

  private accumulate(summary: BatchSummary): void {
    this.add(summary.workspaceId, null, summary.workspace);
    for (const [campaignId, counts] of Object.entries(summary.campaigns)) this.add(summary.workspaceId, campaignId, counts);
  }

  private add(workspaceId: string, campaignId: string | null, counts: PendingCounts): void {
    const room = roomOf(workspaceId, campaignId);
    // Only rooms with clients on this process are summed here; other processes serve their own clients.
    if (!this.nsp?.adapter.rooms.has(room)) return;
    let state = this.rooms.get(room);
    if (!state) {
      state = { workspaceId, campaignId, pending: null, timer: null, flushing: false, lastSentAt: 0, seq: 0, live: null };
      this.rooms.set(room, state);
    }
    state.pending = addCounts(state.pending ?? emptyCounts(), counts);
    this.schedule(room, state);
  }

  private schedule(room: string, state: RoomState): void {
    if (state.timer || state.flushing || !state.pending) return;
    const wait = Math.max(0, state.lastSentAt + this.config.REALTIME_FLUSH_MS - Date.now());
    state.timer = setTimeout(() => void this.flush(room, state), wait);
  }

  private async flush(room: string, state: RoomState): Promise<void> {
    state.timer = null;
    const pending = state.pending;
    if (!pending || !this.nsp) return;
    state.pending = null;
    state.flushing = true;
    try {
      const live = await this.liveWindowWithin(state, LIVE_WINDOW_WAIT_MS);
      // The next delta of this room waits REALTIME_FLUSH_MS from this one's sending.
      state.lastSentAt = Date.now();
      const delta: RealtimeDelta = {
        room,
        workspaceId: state.workspaceId,
        campaignId: state.campaignId,
        seq: ++state.seq,
        sentAt: new Date(state.lastSentAt).toISOString(),
        delta: toDeltaCounts(pending),
        live,
      };
      this.nsp.local.to(room).emit(RealtimeEvents.delta, delta);
    } finally {
      state.flushing = false;
      if (this.rooms.get(room) === state) this.schedule(room, state);
    }
  }

  /** A fresh live window if the live store answers within `waitMs`, else the room's previous one (the read goes on). */
  private liveWindowWithin(state: RoomState, waitMs: number): Promise<RealtimeLiveWindow | null> {
    const fresh = this.readLiveWindow(state).then((live) => (live ? (state.live = live) : state.live));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<RealtimeLiveWindow | null>((resolve) => (timer = setTimeout(() => resolve(state.live), waitMs)));
    return Promise.race([fresh, late]).finally(() => clearTimeout(timer));
  }

  private async readLiveWindow(grant: RoomGrant): Promise<RealtimeLiveWindow | null> {
    try {
      return await this.liveWindow.read(grant.workspaceId, grant.campaignId);
    } catch (err) {
      this.logger.warn(`live store did not answer for the live window: ${(err as Error).message}`);
      return null;
    }
  }

  private forget(room: string): void {
    const state = this.rooms.get(room);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    this.rooms.delete(room);
  }
}
