import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './repo-root';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'dist/screenshots');

/** Writes a full-page PNG to `dist/screenshots/<name>.png` for a person to look at; returns its path. */
export async function saveFullPageScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
