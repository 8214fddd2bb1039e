import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { RealtimeAccessService, RealtimeViewer } from './realtime-access.service';
import { workspaceOfRoom } from './room-names';

const RECHECK_EVERY_MS = 60_000;

/**
 * A live connection outlives the check made when it opened. Every minute each connection of this process is
 * checked again: a signed-out session or a revoked key is disconnected, a user who lost a workspace leaves its rooms.
 */
@Injectable()
export class ConnectionRecheck implements OnModuleDestroy {
  private readonly logger = new Logger('realtime');
  private timer: NodeJS.Timeout | null = null;
  private nsp: Namespace | null = null;
  private running = false;

  constructor(private readonly access: RealtimeAccessService) {}

  attach(nsp: Namespace): void {
    this.nsp = nsp;
    this.timer = setInterval(() => void this.recheckAll(), RECHECK_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Checks every connection of this process once; resolves when done. */
  async recheckAll(): Promise<{ checked: number; disconnected: number; roomsLeft: number }> {
    const outcome = { checked: 0, disconnected: 0, roomsLeft: 0 };
    if (!this.nsp || this.running) return outcome;
    this.running = true;
    try {
      for (const socket of [...this.nsp.sockets.values()]) {
        const viewer = socket.data['viewer'] as RealtimeViewer | undefined;
        if (!viewer) continue;
        const rooms = [...socket.rooms].filter((room) => workspaceOfRoom(room) !== null);
        const workspaces = [...new Set(rooms.map((room) => workspaceOfRoom(room)!))];
        outcome.checked++;
        const { connected, readable } = await this.access.recheck(viewer, workspaces);
        if (!connected) {
          socket.disconnect(true);
          outcome.disconnected++;
          continue;
        }
        for (const room of rooms) {
          if (readable.includes(workspaceOfRoom(room)!)) continue;
          await socket.leave(room);
          outcome.roomsLeft++;
        }
      }
    } catch (err) {
      this.logger.warn(`live connections could not be checked again: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
    return outcome;
  }
}
