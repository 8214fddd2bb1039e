/**
 * Turns an API list answer of a shape the page does not know in detail into table rows: the first array in the
 * body, its scalar fields as columns (at most `max`), values formatted for reading.
 */
export function firstList(body: unknown): Record<string, unknown>[] {
  if (Array.isArray(body)) return body.filter(isRecord);
  if (isRecord(body)) {
    for (const value of Object.values(body)) if (Array.isArray(value)) return value.filter(isRecord);
  }
  return [];
}

export function listColumns(rows: readonly Record<string, unknown>[], max = 6): string[] {
  const seen: string[] = [];
  for (const row of rows.slice(0, 20)) {
    for (const [key, value] of Object.entries(row)) {
      if (seen.includes(key) || /^(workspaceId|workspace_id)$/.test(key)) continue;
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) seen.push(key);
    }
  }
  // Ids last: people read names and values first.
  return [...seen.filter((k) => !/id$/i.test(k)), ...seen.filter((k) => /id$/i.test(k))].slice(0, max);
}

/** "lastRunAt" → "Last run at". */
export function columnLabel(key: string): string {
  const words = key.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
