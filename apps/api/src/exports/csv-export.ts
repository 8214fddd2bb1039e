import { stringify } from 'csv-stringify';
import type { Readable, Writable } from 'node:stream';

/** One column of an export: its header and how a row's value is read. */
export interface CsvColumn<R> {
  header: string;
  value: (row: R) => unknown;
}

/** An export ready to stream: a file name, columns and the rows in batches (read as the client reads). */
export interface CsvExport<R = Record<string, unknown>> {
  filename: string;
  columns: CsvColumn<R>[];
  batches: AsyncIterable<R[]> | Iterable<R[]>;
}

function cell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v) || typeof v === 'object') return JSON.stringify(v);
  return v as string | number | boolean;
}

/**
 * The CSV byte stream of an export: a header row, then one line per row, quoted by csv-stringify (RFC 4180) with
 * spreadsheet formulas escaped (a cell starting with =, +, - or @ gets a leading quote, so opening the file in a
 * spreadsheet cannot run it). Rows are written a batch at a time; when the reader is slower, the next batch waits
 * for it (backpressure), and when it goes away the row source is stopped (closing a database cursor).
 */
export function csvStream<R>(e: CsvExport<R>): Readable {
  const csv = stringify({ header: true, columns: e.columns.map((c) => c.header), escape_formulas: true, record_delimiter: 'windows' });
  const iterator: AsyncIterator<R[]> | Iterator<R[]> =
    Symbol.asyncIterator in e.batches ? (e.batches as AsyncIterable<R[]>)[Symbol.asyncIterator]() : (e.batches as Iterable<R[]>)[Symbol.iterator]();
  let stopped = false;
  // The reader went away (or the export failed): stop the source, which ends its query and returns its connection.
  const stop = () => {
    if (stopped) return;
    stopped = true;
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  };
  csv.on('close', stop);
  void (async () => {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done || stopped || csv.destroyed) break;
        let full = false;
        for (const row of next.value) full = !csv.write(e.columns.map((c) => cell(c.value(row)))) || full;
        if (full) await waitForDrain(csv);
      }
      if (!csv.destroyed) csv.end();
    } catch (err) {
      csv.destroy(err as Error);
    } finally {
      stop();
    }
  })();
  return csv;
}

/** Resolves when the stream wants more, or is closed. */
function waitForDrain(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    if (stream.destroyed) done();
  });
}
