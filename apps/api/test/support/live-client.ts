import { REALTIME_NAMESPACE, RealtimeDelta, RealtimeEvents, RealtimeNotice, RealtimeSubscribeAck, RealtimeSubscription } from '@mailpulse/contracts';
import { io, Socket } from 'socket.io-client';

export interface LiveClientOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Default: WebSocket only. */
  transports?: ('websocket' | 'polling')[];
}

/** A live-stream client that records what it receives. */
export interface LiveClient {
  socket: Socket;
  deltas: RealtimeDelta[];
  notices: RealtimeNotice[];
  subscribe(subscription?: RealtimeSubscription): Promise<RealtimeSubscribeAck>;
  unsubscribe(subscription?: RealtimeSubscription): Promise<{ ok: boolean }>;
  /** Resolves once `predicate` holds over the received deltas (checked on each delta). */
  waitFor(predicate: (deltas: RealtimeDelta[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

function socketFor(baseUrl: string, options: LiveClientOptions): Socket {
  return io(`${baseUrl}${REALTIME_NAMESPACE}`, {
    transports: options.transports ?? ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
    ...(options.token !== undefined ? { auth: { token: options.token } } : {}),
    ...(options.headers ? { extraHeaders: options.headers } : {}),
  });
}

/** Connects and resolves once the server accepted the credential. */
export async function connectLive(baseUrl: string, options: LiveClientOptions = {}): Promise<LiveClient> {
  const socket = socketFor(baseUrl, options);
  const deltas: RealtimeDelta[] = [];
  const notices: RealtimeNotice[] = [];
  const waiters = new Set<() => void>();
  socket.on(RealtimeEvents.delta, (d: RealtimeDelta) => {
    deltas.push(d);
    for (const w of [...waiters]) w();
  });
  socket.on(RealtimeEvents.notice, (n: RealtimeNotice) => notices.push(n));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return {
    socket,
    deltas,
    notices,
    subscribe: (subscription = {}) => socket.timeout(10_000).emitWithAck(RealtimeEvents.subscribe, subscription),
    unsubscribe: (subscription = {}) => socket.timeout(10_000).emitWithAck(RealtimeEvents.unsubscribe, subscription),
    waitFor: (predicate, what, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate(deltas)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${what} within ${timeoutMs} ms; got ${deltas.length} deltas: ${JSON.stringify(deltas.map((d) => d.delta.events))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () => socket.close(),
  };
}

/** The refusal of a connection: the server's `connect_error` message and data. */
export async function refusedConnection(baseUrl: string, options: LiveClientOptions = {}): Promise<{ message: string; code: string; field?: string }> {
  const socket = socketFor(baseUrl, { ...options });
  socket.io.reconnection(false);
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the connection was accepted')));
      socket.once('connect_error', (err: Error & { data?: { code: string; field?: string } }) => resolve({ message: err.message, code: err.data?.code ?? '', field: err.data?.field }));
    });
  } finally {
    socket.close();
  }
}

/** Sum of the events of one type (and verdict) over deltas. */
export function summed(deltas: RealtimeDelta[], type: string, verdict: 'total' | 'human' | 'machine' | 'unknown' = 'total'): number {
  return deltas.reduce((sum, d) => sum + ((d.delta.byType as Record<string, Record<string, number>>)[type]?.[verdict] ?? 0), 0);
}

export const totalEvents = (deltas: RealtimeDelta[]) => deltas.reduce((sum, d) => sum + d.delta.events, 0);
