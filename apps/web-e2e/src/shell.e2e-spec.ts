import type { ApiErrorBody } from '@mailpulse/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { saveFullPageScreenshot } from './support/screenshots';
import { RunningServer, startServer } from './support/server-process';

const HEALTH = '[data-testid="health"]';
const FIRST_EVENT = '[data-testid="first-event"]';

describe('web shell in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  describe.each([
    { width: 1440, height: 900 },
    { width: 375, height: 812 },
  ])('at $width×$height', (viewport) => {
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      context = await browser.newContext({ viewport });
      page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') pageErrors.push(msg.text());
      });
      await page.goto(`${server.url}/`, { waitUntil: 'load' });
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() !== 'Checking…', HEALTH);
    });

    afterAll(async () => {
      await context?.close();
    });

    it('is titled Mailpulse', async () => {
      expect(await page.title()).toBe('Mailpulse');
    });

    it('shows the API as ready in the status badge', async () => {
      expect((await page.locator(HEALTH).textContent())?.trim()).toBe('All systems ready');
    });

    it("shows the first-event snippet posting to the page's own origin", async () => {
      const origin = await page.evaluate(() => location.origin);
      expect(origin).toBe(server.url);
      expect(await page.locator(FIRST_EVENT).textContent()).toContain(`curl -X POST ${origin}/v1/events`);
    });

    it('has no horizontal scroll', async () => {
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
    });

    it('logs no errors in the page', () => {
      expect(pageErrors).toEqual([]);
    });

    it('renders for a screenshot', async () => {
      const path = await saveFullPageScreenshot(page, `shell-${viewport.width}`);
      expect(path).toMatch(/shell-\d+\.png$/);
    });
  });

  it('serves the app shell for a client-side route asked for as HTML', async () => {
    const res = await fetch(`${server.url}/campaigns`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>Mailpulse</title>');
    expect(html).toContain('<app-root>');
  });

  it('answers an unknown path asked for as JSON with a 404 error body', async () => {
    const res = await fetch(`${server.url}/nope`, { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as ApiErrorBody;
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('/nope');
  });
});
