import { Pool } from 'pg';
import { EventRepository } from './apps/api/src/ingestion/event.repository';
import { makeEvents } from './scripts/bench/bench-events.mjs';
import { createValidatorStep } from './apps/api/src/ingestion/pipeline/validator.step';
import { createEnricherStep } from './apps/api/src/ingestion/pipeline/enricher.step';
import { UserAgentParser } from './apps/api/src/ingestion/pipeline/user-agent.parser';
(async () => {
  const pool = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/mailpulse_bench', max: 4 });
  const ws = (await pool.query('select id from workspaces limit 1')).rows[0].id;
  const repo = new EventRepository(pool);
  const evs = makeEvents('y' + Date.now(), 100000);
  const v = createValidatorStep({ maxFutureSeconds: 900, maxAgeDays: 400, now: Date.now });
  const en = createEnricherStep(new Map(), new UserAgentParser());
  const body = JSON.stringify(evs);
  for (let round = 0; round < 3; round++) {
    let t = performance.now();
    const parsed = JSON.parse(body);
    const tp = performance.now() - t; t = performance.now();
    const vals = parsed.map((p: any, index: number) => (v.apply({ index, workspaceId: ws, source: 'api', receivedAt: new Date(), payload: p }) as any).value);
    const tv = performance.now() - t; t = performance.now();
    const enriched = vals.map((x: any) => (en.apply(x) as any).value);
    const te = performance.now() - t;
    console.log(`per event µs: parse ${(tp*10/1000*1000/100).toFixed(2)} validate ${(tv*1000/100000).toFixed(2)} enrich ${(te*1000/100000).toFixed(2)}`);
    if (round < 2) continue;
    for (let i = 0; i < 10; i++) {
      const part = enriched.slice(i * 10000, (i + 1) * 10000).map((e: any) => ({ ...e, id: e.id + 'r' + round })).sort((a: any, b: any) => (a.id < b.id ? -1 : 1));
      t = performance.now();
      await repo.writeGroup(part, []);
      console.log('writeGroup µs/event', ((performance.now() - t) * 1000 / 10000).toFixed(1));
    }
  }
  await pool.end();
})();
