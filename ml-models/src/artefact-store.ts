import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelCard, ModelKind } from './model-card';

/**
 * Versioned model artefacts on disk: `<root>/<kind>/<version>/card.json` (+ `model.json`, `weights.bin` for a
 * network). The API serves the newest version whose card says it passed.
 */
export class ArtefactStore {
  constructor(readonly root: string) {}

  dirOf(kind: ModelKind, version: string): string {
    return join(this.root, kind, version);
  }

  async writeCard(card: ModelCard): Promise<string> {
    const dir = this.dirOf(card.kind, card.version);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'card.json'), JSON.stringify(card, null, 2) + '\n');
    return dir;
  }

  async readCard(kind: ModelKind, version: string): Promise<ModelCard> {
    return JSON.parse(await readFile(join(this.dirOf(kind, version), 'card.json'), 'utf8')) as ModelCard;
  }

  /** Every version of a kind, newest first (unreadable ones skipped). */
  async cards(kind: ModelKind): Promise<ModelCard[]> {
    let versions: string[];
    try {
      versions = await readdir(join(this.root, kind));
    } catch {
      return [];
    }
    const cards: ModelCard[] = [];
    for (const v of versions.sort().reverse()) {
      try {
        cards.push(await this.readCard(kind, v));
      } catch {
        // a half-written or foreign folder is not a model
      }
    }
    return cards;
  }

  /** Appends one training run's timings to `<root>/training-log.jsonl`. */
  async writeTrainingLog(entry: Record<string, unknown>): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await appendFile(join(this.root, 'training-log.jsonl'), JSON.stringify(entry) + '\n');
  }

  async readTrainingLog(): Promise<Record<string, unknown>[]> {
    try {
      return (await readFile(join(this.root, 'training-log.jsonl'), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    } catch {
      return [];
    }
  }

  /** The newest version whose metrics passed its goals, or null. */
  async newestPassing(kind: ModelKind): Promise<ModelCard | null> {
    return (await this.cards(kind)).find((c) => c.passed) ?? null;
  }
}
