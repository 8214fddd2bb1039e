import { Logger } from '@nestjs/common';
import cluster, { type Worker } from 'node:cluster';

/** Set in each worker's environment: its place, 0 .. API_WORKERS − 1 (the demo traffic runs in worker 0 only). */
export const WORKER_INDEX_ENV = 'MAILPULSE_WORKER_INDEX';
const READY = 'mailpulse:ready';
const RESTART_DELAY_MS = 1_000;

/** Whether this process serves requests in the first (or only) place: once-per-node work belongs there. */
export function isFirstWorker(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env[WORKER_INDEX_ENV] ?? '0') === '0';
}

/** Tells the primary this worker listens (a no-op in a process of its own). */
export function reportWorkerReady(): void {
  if (cluster.isWorker) process.send?.(READY);
}

/**
 * API_WORKERS > 1: this (primary) process serves nothing itself. It starts one worker per place, each the whole
 * API listening on the shared port (node:cluster hands connections to them in turn), and calls `ready` once every
 * worker listens. A worker that stops is replaced after a second; one that stops before it ever listened ends the
 * primary with its exit code (a start-up failure would only repeat). SIGTERM or SIGINT stops the workers (each
 * shuts down as a single process does) and then the primary.
 */
export function runPrimary(workers: number, ready: () => void): void {
  const logger = new Logger('cluster');
  const listening = new Set<number>();
  let stopping = false;
  let announced = false;

  const fork = (index: number): Worker => {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    let wasReady = false;
    worker.on('message', (message: unknown) => {
      if (message !== READY) return;
      wasReady = true;
      listening.add(index);
      if (!announced && listening.size === workers) {
        announced = true;
        logger.log(`${workers} API processes listen on the shared port`);
        ready();
      }
    });
    worker.on('exit', (code, signal) => {
      listening.delete(index);
      if (stopping) return;
      if (!wasReady) {
        logger.error(`API process ${index} stopped while starting (${signal ?? `exit ${code}`})`);
        stopAll(code || 1);
        return;
      }
      logger.warn(`API process ${index} stopped (${signal ?? `exit ${code}`}); starting another in ${RESTART_DELAY_MS} ms`);
      setTimeout(() => !stopping && fork(index), RESTART_DELAY_MS);
    });
    return worker;
  };

  const stopAll = (code: number): void => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    if (alive.length === 0) process.exit(code);
    let left = alive.length;
    for (const w of alive) {
      w.once('exit', () => --left === 0 && process.exit(code));
      w.process.kill('SIGTERM');
    }
  };

  process.once('SIGTERM', () => stopAll(0));
  process.once('SIGINT', () => stopAll(0));
  for (let i = 0; i < workers; i++) fork(i);
}
