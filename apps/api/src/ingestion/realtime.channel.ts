import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { EnrichedEvent } from './pipeline/pipeline.types';

/** The events of one workspace that one group commit stored. */
export interface RealtimeBatch {
  workspaceId: string;
  events: readonly EnrichedEvent[];
}

export type RealtimeListener = (batch: RealtimeBatch) => void;

/**
 * The router's realtime output: every newly stored event, per workspace, right after its commit.
 * The WebSocket gateway and event-triggered notifications subscribe here.
 */
@Injectable()
export class RealtimeChannel {
  private readonly emitter = new EventEmitter().setMaxListeners(100);

  publish(events: readonly EnrichedEvent[]): void {
    if (this.emitter.listenerCount('batch') === 0) return;
    const byWorkspace = new Map<string, EnrichedEvent[]>();
    for (const e of events) {
      const list = byWorkspace.get(e.workspaceId);
      if (list) list.push(e);
      else byWorkspace.set(e.workspaceId, [e]);
    }
    for (const [workspaceId, list] of byWorkspace) this.emitter.emit('batch', { workspaceId, events: list } satisfies RealtimeBatch);
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: RealtimeListener): () => void {
    this.emitter.on('batch', listener);
    return () => this.emitter.off('batch', listener);
  }
}
