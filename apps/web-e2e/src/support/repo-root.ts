import { join } from 'node:path';

/** The monorepo root: the built server runs from here and its dist/ paths are relative to it. */
export const REPO_ROOT = join(__dirname, '../../../..');
