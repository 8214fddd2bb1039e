import { mkdir, open, readdir, readFile, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { constants, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Append-only segment files of one process's tracking hits, on the local disk. A line is one record (JSON);
 * `append` resolves only after the bytes that hold it were written and `fdatasync`ed, and records appended
 * while a sync is in flight share the next one (group commit to disk).
 *
 * Layout: `<root>/<owner>/seg-<n>.jsonl`, where `<owner>` names the process (`p<pid>-<start ticks>-<n>`), so a
 * later process can tell a journal whose owner is gone (crashed, killed, restarted) and adopt it: it renames
 * that folder into its own (atomic, so of several processes only one adopts it) and hands its records back to
 * be stored. Records are idempotent downstream (each carries its event id), so a record stored before the
 * crash and replayed after it is stored once.
 */
export interface DurableRecord<T> {
  readonly record: T;
  readonly segment: Segment;
  readonly bytes: number;
}

export interface Segment {
  readonly path: string;
  /** Records written (durably) to it. */
  appended: number;
  /** Records the consumer confirmed as stored downstream. */
  settled: number;
  /** Its file is closed: no more records go to it; deleted once every record in it is settled. */
  closed: boolean;
  bytes: number;
  /** The adopted folder it came from, removed with its last segment. */
  readonly adoptedDir?: string;
}

interface OpenSegment {
  segment: Segment;
  handle: FileHandle;
  openedAt: number;
  /** Bytes of the writes sent to it (done or in flight). */
  reserved: number;
  inFlight: number;
  retired: boolean;
  finished: boolean;
}

interface Pending<T> {
  record: T;
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface HitJournalOptions {
  /** Rotate to a new segment past this size. */
  segmentBytes: number;
  /** … or when the current one is this old and holds records, so settled files are deleted promptly. */
  segmentMaxAgeMs: number;
  /** Writes (each a group of records, synced) that may be in flight at once. */
  writesInFlight: number;
}

/** Boot-relative start time of a process (Linux /proc), so a reused pid is not taken for the journal's owner. */
function startTicksOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number, ticks: string): boolean {
  if (pid === process.pid) return ticks === startTicksOf(pid);
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const now = startTicksOf(pid);
  return now === null || now === ticks;
}

const OWNER_DIR = /^p(\d+)-(\w+)-\d+$/;
const SEGMENT_FILE = /^seg-(\d+)\.jsonl$/;
let instances = 0;

export class HitJournalStore<T> {
  private readonly ownDir: string;
  private pending: Pending<T>[] = [];
  private pendingBytes = 0;
  private writing = 0;
  private current: OpenSegment | null = null;
  private opening: Promise<OpenSegment> | null = null;
  private nextSegment = 1;
  private closed = false;
  private readonly durable: DurableRecord<T>[] = [];
  private durableBytes = 0;
  private readonly onDurable = new Set<() => void>();

  constructor(
    private readonly root: string,
    private readonly opts: HitJournalOptions,
  ) {
    this.ownDir = join(root, `p${process.pid}-${startTicksOf(process.pid) ?? Date.now().toString(36)}-${++instances}`);
  }

  /** Creates this process's folder and adopts the journals of processes that are gone; returns their records. */
  async open(): Promise<number> {
    await mkdir(this.ownDir, { recursive: true });
    let recovered = 0;
    for (const name of (await readdir(this.root)).sort()) {
      const m = OWNER_DIR.exec(name);
      const dir = join(this.root, name);
      if (!m || dir === this.ownDir || isAlive(Number(m[1]), m[2]!)) continue;
      const adopted = join(this.ownDir, `adopted-${name}`);
      try {
        await rename(dir, adopted);
      } catch {
        continue; // another process adopted it first
      }
      recovered += await this.recover(adopted);
    }
    return recovered;
  }

  /** Reads an adopted folder (and the folders it had adopted itself) back into the durable queue. */
  private async recover(dir: string): Promise<number> {
    let count = 0;
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) count += await this.recover(path);
      else if (SEGMENT_FILE.test(entry.name)) {
        const text = await readFile(path, 'utf8');
        const segment: Segment = { path, appended: 0, settled: 0, closed: true, bytes: Buffer.byteLength(text), adoptedDir: dir };
        // The last line may be cut short by the crash: its append never resolved, so it was never acknowledged.
        for (const line of text.split('\n')) {
          if (!line) continue;
          let record: T;
          try {
            record = JSON.parse(line) as T;
          } catch {
            continue;
          }
          segment.appended++;
          this.durable.push({ record, segment, bytes: line.length + 1 });
          this.durableBytes += line.length + 1;
          count++;
        }
        if (segment.appended === 0) await this.remove(segment);
      }
    }
    if (count === 0) await rm(dir, { recursive: true, force: true });
    return count;
  }

  /** Resolves once the record is on disk (the segment is opened with O_DSYNC: a write returns when it is durable). */
  append(record: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the tracking journal is closed'));
    const line = JSON.stringify(record) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ record, line, resolve, reject });
      this.pendingBytes += line.length;
      this.pump();
    });
  }

  /** Bytes appended or being appended that are not yet settled downstream. */
  get backlogBytes(): number {
    return this.pendingBytes + this.durableBytes;
  }

  get backlogRecords(): number {
    return this.pending.length + this.durable.length;
  }

  /** Durable records not yet settled. */
  get durableRecords(): number {
    return this.durable.length;
  }

  /** Durable records not yet settled, oldest first (the consumer settles them in this order). */
  peek(max: number): readonly DurableRecord<T>[] {
    return this.durable.slice(0, max);
  }

  /** Calls `listener` whenever new records became durable. */
  whenDurable(listener: () => void): void {
    this.onDurable.add(listener);
  }

  /** The consumer stored the first `count` durable records: forget them and delete segments that are done. */
  async settle(count: number): Promise<void> {
    const done = this.durable.splice(0, count);
    const touched = new Set<Segment>();
    for (const d of done) {
      d.segment.settled++;
      this.durableBytes -= d.bytes;
      touched.add(d.segment);
    }
    for (const segment of touched) if (segment.closed && segment.settled >= segment.appended) await this.remove(segment);
  }

  private async remove(segment: Segment): Promise<void> {
    await unlink(segment.path).catch(() => undefined);
    if (segment.adoptedDir && !this.durable.some((d) => d.segment.adoptedDir === segment.adoptedDir)) {
      await rm(segment.adoptedDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  /** Starts writes of what is pending, up to `writesInFlight` at once; records that wait meanwhile share the next. */
  private pump(): void {
    while (this.pending.length > 0 && this.writing < this.opts.writesInFlight) {
      const batch = this.pending;
      this.pending = [];
      this.writing++;
      void this.write(batch).finally(() => {
        this.writing--;
        this.pump();
      });
    }
  }

  private async write(batch: Pending<T>[]): Promise<void> {
    const text = batch.map((p) => p.line).join('');
    this.pendingBytes -= text.length;
    const bytes = Buffer.from(text, 'utf8');
    let open: OpenSegment | undefined;
    try {
      open = await this.segmentFor(bytes.length);
      open.inFlight++;
      // One write call per batch: appends of concurrent batches never interleave within a line.
      await open.handle.write(bytes);
      open.segment.appended += batch.length;
      open.segment.bytes += bytes.length;
      for (const p of batch) this.durable.push({ record: p.record, segment: open.segment, bytes: p.line.length });
      this.durableBytes += text.length;
      for (const p of batch) p.resolve();
      for (const listener of this.onDurable) listener();
    } catch (err) {
      // The segment may end in a partial write: records after it go to a new one.
      if (open) this.retire(open);
      for (const p of batch) p.reject(err);
    } finally {
      if (open) {
        open.inFlight--;
        if (open.retired && open.inFlight === 0) await this.finish(open);
      }
    }
  }

  private async segmentFor(bytes: number): Promise<OpenSegment> {
    let c = this.current;
    if (c && (c.reserved + bytes > this.opts.segmentBytes || (c.reserved > 0 && Date.now() - c.openedAt > this.opts.segmentMaxAgeMs))) {
      this.retire(c);
      c = null;
    }
    if (!c) {
      this.opening ??= this.openSegment().finally(() => (this.opening = null));
      c = await this.opening;
    }
    c.reserved += bytes;
    return c;
  }

  private async openSegment(): Promise<OpenSegment> {
    const path = join(this.ownDir, `seg-${this.nextSegment++}.jsonl`);
    const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC, 0o600);
    const segment: OpenSegment = { segment: { path, appended: 0, settled: 0, closed: false, bytes: 0 }, handle, openedAt: Date.now(), reserved: 0, inFlight: 0, retired: false, finished: false };
    this.current = segment;
    return segment;
  }

  /** No new writes go to it; it is closed once its writes in flight are done. */
  private retire(c: OpenSegment): void {
    if (this.current === c) this.current = null;
    if (c.retired) return;
    c.retired = true;
    if (c.inFlight === 0) void this.finish(c);
  }

  private async finish(c: OpenSegment): Promise<void> {
    if (c.finished) return;
    c.finished = true;
    await c.handle.close().catch(() => undefined);
    c.segment.closed = true;
    if (c.segment.settled >= c.segment.appended) await this.remove(c.segment);
  }

  /** Waits for appends in flight, then closes the file; unsettled records stay on disk for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing > 0 || this.pending.length > 0 || this.opening) await new Promise((r) => setTimeout(r, 5));
    const last = this.current;
    if (last) {
      this.retire(last);
      await this.finish(last);
    }
    if (this.durable.length === 0) await rm(this.ownDir, { recursive: true, force: true }).catch(() => undefined);
  }
}
