// Run by hit-journal.store.spec.ts in its own process: appends records as fast as the disk takes them and prints
// the id of each one whose append resolved, until the test kills it with SIGKILL.
import { HitJournalStore } from './hit-journal.store';

async function main(): Promise<void> {
  const store = new HitJournalStore<{ id: number }>(process.argv[2]!, { segmentBytes: 64 * 1024, segmentMaxAgeMs: 50, writesInFlight: 1 });
  await store.open();
  let next = 0;
  const writer = async () => {
    for (;;) {
      const id = next++;
      await store.append({ id });
      process.stdout.write(`${id}\n`);
    }
  };
  await Promise.all(Array.from({ length: 16 }, writer));
}
void main();
