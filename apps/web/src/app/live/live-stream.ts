import { DestroyRef, effect, inject, Injectable, signal } from '@angular/core';
import type { RealtimeDelta, RealtimeEvents, RealtimeLiveWindow, RealtimeNotice, RealtimeSubscribeAck } from '@mailpulse/contracts';
import { io, Socket } from 'socket.io-client';
import { SessionStore } from '../session/session.store';
import { LiveSeries } from './live-series';

/** The names from libs/contracts, repeated as values so the web bundle does not pull in the contracts' zod schemas. */
const EVENTS: typeof RealtimeEvents = { subscribe: 'subscribe', unsubscribe: 'unsubscribe', delta: 'delta', notice: 'notice' };
const NAMESPACE = '/live';
const MAX_NOTICES = 50;

export type LiveStatus = 'off' | 'connecting' | 'live' | 'lost' | 'refused';

/**
 * The workspace's live stream over socket.io: the live window's figures, events per second for the last minute,
 * and notable events (anomalies, alerts, campaign changes). The session cookie authenticates the socket. A lost
 * connection is shown and socket.io reconnects on its own; on reconnect the room is joined again and its snapshot
 * replaces the figures, so nothing is counted twice.
 */
@Injectable({ providedIn: 'root' })
export class LiveStream {
  private readonly session = inject(SessionStore);
  private socket: Socket | null = null;
  private joined: string | null = null;
  private readonly series = new LiveSeries(60);

  readonly status = signal<LiveStatus>('off');
  readonly statusDetail = signal<string>('');
  readonly window = signal<RealtimeLiveWindow | null>(null);
  readonly lastDeltaAt = signal<number | null>(null);
  /** Event types of the latest delta (what just happened). */
  readonly lastDeltaTypes = signal<string[]>([]);
  readonly notices = signal<RealtimeNotice[]>([]);
  /** Bumps on every delta so charts can re-read `perSecond()`. */
  readonly tick = signal(0);
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor() {
    effect(() => {
      const ws = this.session.workspaceId();
      if (!ws) this.stop();
      else if (this.socket) this.join(ws);
    });
    try {
      inject(DestroyRef).onDestroy(() => this.stop());
    } catch {
      // Root service outside an injection context: lives as long as the page.
    }
  }

  /** Connects once; pages call it when they show live figures. */
  start(): void {
    if (this.socket || typeof location === 'undefined') return;
    this.status.set('connecting');
    const socket = io(`${location.origin}${NAMESPACE}`, { withCredentials: true, transports: ['websocket', 'polling'] });
    this.socket = socket;
    socket.on('connect', () => {
      this.joined = null;
      const ws = this.session.workspaceId();
      if (ws) this.join(ws);
    });
    socket.on('disconnect', (reason) => {
      this.joined = null;
      // The server ended it on purpose (signed out): do not show it as a network fault.
      if (reason === 'io server disconnect') {
        this.status.set('refused');
        this.statusDetail.set('The server closed the live connection. Sign in again to resume.');
      } else {
        this.status.set('lost');
        this.statusDetail.set('Connection lost — reconnecting. Figures resume when it is back.');
      }
    });
    socket.on('connect_error', (err: Error & { data?: { message?: string } }) => {
      this.status.set('lost');
      this.statusDetail.set(`Cannot reach the live stream (${err.data?.message ?? err.message}) — retrying.`);
    });
    socket.on(EVENTS.delta, (msg: RealtimeDelta) => this.applyDelta(msg));
    socket.on(EVENTS.notice, (notice: RealtimeNotice) => this.addNotice(notice));
    this.ticker = setInterval(() => this.tick.update((n) => n + 1), 1000);
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    this.socket?.disconnect();
    this.socket = null;
    this.joined = null;
    this.status.set('off');
    this.window.set(null);
    this.notices.set([]);
    this.series.clear();
  }

  /** Events per second for the last 60 seconds, `[epochMs, count]`. */
  perSecond(now = Date.now()): Array<[number, number]> {
    return this.series.points(now);
  }

  private join(workspaceId: string): void {
    const socket = this.socket;
    if (!socket?.connected || this.joined === workspaceId) return;
    if (this.joined) socket.emit(EVENTS.unsubscribe, { workspaceId: this.joined });
    this.joined = workspaceId;
    this.series.clear();
    this.notices.set([]);
    socket.emit(EVENTS.subscribe, { workspaceId }, (ack: RealtimeSubscribeAck) => {
      if (this.joined !== workspaceId) return;
      if (ack.ok) {
        this.window.set(ack.snapshot);
        this.status.set('live');
        this.statusDetail.set('Live');
      } else {
        this.joined = null;
        this.status.set('refused');
        this.statusDetail.set(ack.error.message);
      }
    });
  }

  private applyDelta(msg: RealtimeDelta): void {
    if (msg.workspaceId !== this.joined || msg.campaignId !== null) return;
    this.window.set(msg.live);
    this.series.add(msg.delta.events, Date.now());
    this.lastDeltaAt.set(Date.now());
    this.lastDeltaTypes.set(Object.keys(msg.delta.byType));
    this.tick.update((n) => n + 1);
  }

  private addNotice(notice: RealtimeNotice): void {
    if (notice.workspaceId !== this.joined) return;
    this.notices.update((list) => [notice, ...list].slice(0, MAX_NOTICES));
  }
}
