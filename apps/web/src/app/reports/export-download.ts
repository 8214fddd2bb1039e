/** `GET /v1/exports` items (apps/api/src/exports). */
export interface ExportDescription {
  name: string;
  path: string;
  description: string;
}

/** Which query parameters an export takes, read from its description ("?from=&to=&campaignId="). */
export function exportParams(description: string): string[] {
  const match = /\?([^)]*)/.exec(description);
  if (!match) return [];
  return match[1]
    .split('&')
    .map((p) => p.replace(/=.*$/, '').trim())
    .filter(Boolean);
}

/** The description without its parameter list, for reading. */
export function exportSummary(description: string): string {
  return description.replace(/\s*\(\?[^)]*\)/, '');
}

/** The export's URL with the chosen period (days as YYYY-MM-DD) when it takes one. */
export function exportUrl(e: ExportDescription, range: { from: string; to: string }): string {
  const params = exportParams(e.description);
  const query = new URLSearchParams();
  if (params.includes('from') && range.from) query.set('from', range.from);
  if (params.includes('to') && range.to) query.set('to', range.to);
  const q = query.toString();
  return q ? `${e.path}?${q}` : e.path;
}

/** The file name the server proposes (Content-Disposition), else the last part of the path. */
export function downloadName(contentDisposition: string | null, path: string): string {
  const m = /filename="?([^";]+)"?/.exec(contentDisposition ?? '');
  return m?.[1] ?? path.split('/').pop() ?? 'export.csv';
}
