import { stringify } from 'csv-stringify';
import { Readable } from 'node:stream';

/** One column of an export: its header and how a row's value is read. */
export interface CsvColumn<R> {
  header: string;
  value: (row: R) => unknown;
}

/** An export ready to stream: a file name, columns and the rows (an async iterable, read as the client reads). */
export interface CsvExport<R = Record<string, unknown>> {
  filename: string;
  columns: CsvColumn<R>[];
  rows: AsyncIterable<R> | Iterable<R>;
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
 * spreadsheet cannot run it). Backpressure flows from the socket back to the row source.
 */
export function csvStream<R>(e: CsvExport<R>): Readable {
  const source = Readable.from(
    (async function* () {
      for await (const row of e.rows) yield e.columns.map((c) => cell(c.value(row)));
    })(),
    { objectMode: true, highWaterMark: 64 },
  );
  const csv = stringify({ header: true, columns: e.columns.map((c) => c.header), escape_formulas: true, record_delimiter: 'windows' });
  source.on('error', (err) => csv.destroy(err));
  csv.on('close', () => source.destroy());
  return source.pipe(csv);
}
