import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

/**
 * A named (prepared) statement: PostgreSQL plans it once per connection and then reuses the plan. Planning a
 * query over the day-partitioned events table costs tens of milliseconds (every partition and its indexes), more
 * than running most dashboard reads; with a prepared statement partitions are pruned when it runs. The name is
 * derived from the text, so each distinct text gets its own statement.
 */
export function prepared(text: string, values: unknown[]): QueryConfig {
  return {
    name: `analytics_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`,
    text,
    values,
  };
}
