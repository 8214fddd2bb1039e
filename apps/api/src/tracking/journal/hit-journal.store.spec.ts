import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HitJournalStore } from './hit-journal.store';

const OPTIONS = { segmentBytes: 4096, segmentMaxAgeMs: 60_000, writesInFlight: 1 };
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));

describe('HitJournalStore (real files in a temporary folder)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'mailpulse-journal-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('hands durable records out oldest first and deletes each segment once all of it is settled', async () => {
    const store = new HitJournalStore<{ id: number; pad: string }>(root, OPTIONS);
    expect(await store.open()).toBe(0);
    // ~100 bytes a record: several 4 KB segments.
    for (let i = 0; i < 200; i++) await store.append({ id: i, pad: 'x'.repeat(80) });
    expect(store.backlogRecords).toBe(200);
    expect(store.peek(3).map((d) => d.record.id)).toEqual([0, 1, 2]);
    const segments = files(root).filter((f) => f.endsWith('.jsonl'));
    expect(segments.length).toBeGreaterThan(3);

    await store.settle(150);
    expect(store.peek(1)[0]!.record.id).toBe(150);
    const left = files(root).filter((f) => f.endsWith('.jsonl'));
    expect(left.length).toBeLessThan(segments.length);
    expect(left.length).toBeGreaterThan(0);

    await store.settle(50);
    expect(store.backlogRecords).toBe(0);
    await store.close();
    expect(readdirSync(root)).toEqual([]);
  });

  it('appends that overlap share one synced write each, and all of them resolve', async () => {
    const store = new HitJournalStore<{ id: number }>(root, { ...OPTIONS, segmentBytes: 1 << 20 });
    await store.open();
    await Promise.all(Array.from({ length: 500 }, (_, id) => store.append({ id })));
    expect(store.peek(1000).map((d) => d.record.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    await store.settle(500);
    await store.close();
  });

  it('keeps unsettled records on disk at close, and the next process stores them', async () => {
    const first = new HitJournalStore<{ id: number }>(root, OPTIONS);
    await first.open();
    for (let i = 0; i < 10; i++) await first.append({ id: i });
    await first.settle(4);
    await first.close();
    // Same process, new store: the first one is closed, but its folder's owner (this process, instance 1) is
    // alive — so it is only adopted by a process that starts after this one ends. Name it as a dead one's.
    const [dir] = readdirSync(root);
    const dead = join(root, 'p999999-1-1');
    rmSync(dead, { recursive: true, force: true });
    renameSync(join(root, dir!), dead);

    const next = new HitJournalStore<{ id: number }>(root, OPTIONS);
    // Segments are whole files: a recovered segment comes back whole, settled records included (stored once
    // downstream, since each record carries its event id).
    const recovered = await next.open();
    expect(recovered).toBeGreaterThanOrEqual(6);
    expect(next.peek(100).map((d) => d.record.id)).toEqual(expect.arrayContaining([4, 5, 6, 7, 8, 9]));
    await next.settle(recovered);
    await next.close();
    expect(readdirSync(root)).toEqual([]);
  });

  it('never adopts the journal of a process that is still running', async () => {
    const living = new HitJournalStore<{ id: number }>(root, OPTIONS);
    await living.open();
    await living.append({ id: 1 });
    const other = new HitJournalStore<{ id: number }>(root, OPTIONS);
    expect(await other.open()).toBe(0);
    expect(other.backlogRecords).toBe(0);
    expect(living.backlogRecords).toBe(1);
    await living.settle(1);
    await Promise.all([living.close(), other.close()]);
  });

  it('skips a last line cut short by a crash (its append never resolved) and keeps the whole lines', async () => {
    const dead = join(root, 'p999999-2-1');
    mkdirSync(dead);
    writeFileSync(join(dead, 'seg-1.jsonl'), '{"id":1}\n{"id":2}\n{"id":3,"pa');
    const store = new HitJournalStore<{ id: number }>(root, OPTIONS);
    expect(await store.open()).toBe(2);
    expect(store.peek(10).map((d) => d.record.id)).toEqual([1, 2]);
    await store.settle(2);
    expect(existsSync(join(root, readdirSync(root)[0]!, 'adopted-p999999-2-1'))).toBe(false);
    await store.close();
  });

  it('after SIGKILL, every record whose append had resolved is recovered by the next process', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'hit-journal-crash.child.ts'), root], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked = new Set<number>();
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) acked.add(Number(line));
        if (acked.size >= 2_000) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before it was killed`)));
    });
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    const store = new HitJournalStore<{ id: number }>(root, OPTIONS);
    const recovered = await store.open();
    const ids = new Set(store.peek(recovered).map((d) => d.record.id));
    const missing = [...acked].filter((id) => !ids.has(id));
    expect(missing).toEqual([]);
    expect(recovered).toBeGreaterThanOrEqual(acked.size);
    await store.settle(recovered);
    await store.close();
  }, 60_000);
});
