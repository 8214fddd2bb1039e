import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContactTruth, GroundTruth } from '../truth/ground-truth';

/** Lines are gathered and written in chunks: one write per line would dominate the run time. */
const CHUNK_LINES = 4000;

class LineWriter {
  private readonly stream: WriteStream;
  private lines: string[] = [];

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  get buffered(): number {
    return this.lines.length;
  }

  add(line: string): void {
    this.lines.push(line);
  }

  /** Writes what was added, waiting if the disk is behind. */
  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('\n') + '\n';
    this.lines = [];
    if (!this.stream.write(chunk))
      await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
  }
}

/** events.ndjson (every emitted line, duplicates included), labels.ndjson (each id once) and truth.json. */
export class OutputFiles {
  private constructor(
    private readonly dir: string,
    private readonly events: LineWriter,
    private readonly labels: LineWriter,
  ) {}

  static async open(dir: string): Promise<OutputFiles> {
    await mkdir(dir, { recursive: true });
    return new OutputFiles(
      dir,
      new LineWriter(join(dir, 'events.ndjson')),
      new LineWriter(join(dir, 'labels.ndjson')),
    );
  }

  /** Buffers one emitted event; call `flushIfFull` now and then. */
  addEvent(
    eventJson: string,
    id: string,
    label: string,
    duplicate: boolean,
  ): void {
    this.events.add(eventJson);
    if (!duplicate)
      this.labels.add(`{"id":${JSON.stringify(id)},"label":"${label}"}`);
  }

  async flushIfFull(): Promise<void> {
    if (this.events.buffered >= CHUNK_LINES)
      await Promise.all([this.events.flush(), this.labels.flush()]);
  }

  /** Closes the event files and writes truth.json: the summary, then one contact per line. */
  async finish(
    truth: GroundTruth,
    contacts: Iterable<ContactTruth>,
  ): Promise<void> {
    await Promise.all([this.events.close(), this.labels.close()]);
    const file = new LineWriter(join(this.dir, 'truth.json'));
    const summary = JSON.stringify(truth, null, 2);
    file.add(
      `${summary.slice(0, summary.lastIndexOf('}')).trimEnd()},\n  "contacts": [`,
    );
    // One line behind, so the last contact gets no trailing comma.
    let previous: string | undefined;
    for (const contact of contacts) {
      if (previous !== undefined) file.add(`${previous},`);
      previous = `    ${JSON.stringify(contact)}`;
      if (file.buffered >= CHUNK_LINES) await file.flush();
    }
    if (previous !== undefined) file.add(previous);
    file.add('  ]\n}');
    await file.close();
  }
}
