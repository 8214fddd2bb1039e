import { ApiErrorCode, ApiException } from '../../common/api.exception';
import type { CollectedItem } from './pipeline.types';

export interface CollectedBatch {
  /** The body was one event, not a batch. */
  single: boolean;
  items: CollectedItem[];
}

export interface CollectorOptions {
  workspaceId: string;
  source: string;
  maxBatch: number;
  receivedAt: Date;
  /** The body's JSON text spelled a NUL character somewhere. */
  mayContainNul: boolean;
}

/**
 * The collector: accepts one event, an array of events, or `{ "events": [...] }`, and stamps each with
 * its position, workspace, source and arrival time. A body of another shape is refused whole.
 */
export function collectEvents(body: unknown, opts: CollectorOptions): CollectedBatch {
  let payloads: unknown[];
  let single = false;
  if (Array.isArray(body)) payloads = body;
  else if (body !== null && typeof body === 'object' && Array.isArray((body as { events?: unknown }).events) && !('type' in body)) {
    payloads = (body as { events: unknown[] }).events;
  } else if (body !== null && typeof body === 'object') {
    payloads = [body];
    single = true;
  } else {
    throw new ApiException(400, ApiErrorCode.InvalidBody, 'The body must be an event object, an array of events or {"events": [...]}', 'body');
  }
  if (payloads.length === 0) throw new ApiException(400, ApiErrorCode.InvalidBody, 'The batch is empty', 'events');
  if (payloads.length > opts.maxBatch) {
    throw new ApiException(413, ApiErrorCode.BatchTooLarge, `The batch has ${payloads.length} events; the limit is ${opts.maxBatch}. Split it into smaller batches.`, 'events');
  }
  const items = payloads.map((payload, index) => ({ index, workspaceId: opts.workspaceId, source: opts.source, receivedAt: opts.receivedAt, payload, mayContainNul: opts.mayContainNul }));
  return { single, items };
}
