import type { ApiErrorBody } from '@mailpulse/contracts';
import type { Browser, BrowserContext, ConsoleMessage, Page, Response } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { launchChromium } from './support/chromium';
import { saveFullPageScreenshot } from './support/screenshots';
import { RunningServer, runCli, startServer } from './support/server-process';
import { sendSimulatedHistory } from './support/simulated-history';

interface CreatedWorkspace {
  workspaceId: string;
  ingestKey: string;
  readKey: string;
}

const PASSWORD = 'portal e2e passphrase';
const CAMPAIGN = 'e2e-spring';
/** The simulated workspace's campaigns the campaign pages open (found once its history is stored). */
const history = { abCampaign: '', abCampaignTitle: '', otherCampaign: '', contact: '' };
/** Every page of the portal, as the navigation lists it, plus the campaign views behind the list. */
const PAGES: Array<{ name: string; path: () => string; heading: () => string }> = [
  { name: 'overview', path: () => '/overview', heading: () => 'Overview' },
  { name: 'dashboards', path: () => '/dashboards', heading: () => 'Dashboards' },
  { name: 'campaigns', path: () => '/campaigns', heading: () => 'Campaigns' },
  { name: 'campaign-detail', path: () => `/campaigns/${history.abCampaign}`, heading: () => history.abCampaignTitle },
  { name: 'campaign-compare', path: () => `/campaigns/compare?ids=${history.abCampaign},${history.otherCampaign}`, heading: () => 'Compare campaigns' },
  { name: 'contacts', path: () => '/contacts', heading: () => 'Contacts' },
  { name: 'deliverability', path: () => '/deliverability', heading: () => 'Deliverability & infrastructure' },
  { name: 'benchmarks', path: () => '/benchmarks', heading: () => 'Industry benchmarks' },
  { name: 'anomalies', path: () => '/anomalies', heading: () => 'Anomalies & alerts' },
  { name: 'predictions', path: () => '/predictions', heading: () => 'Predictions & recommendations' },
  { name: 'reports', path: () => '/reports', heading: () => 'Reports & exports' },
  { name: 'settings', path: () => '/settings', heading: () => 'Settings' },
];
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 375, height: 812 },
];

function events(count: number, campaignId: string, type = 'email.sent') {
  const at = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type,
    occurredAt: at,
    messageId: `${campaignId}-${randomUUID()}`,
    campaignId,
    contact: { email: `reader${i}@example.com` },
  }));
}

/**
 * Collects what would show up as an error in the browser: uncaught exceptions, console errors and failed API
 * responses. Chromium logs every 4xx as "Failed to load resource"; such a line is accepted only for a response the
 * page explains to the user and the test expects: routes that read with an API key only (`missing_key`, see
 * /v1/sending-domains) and failures a test asks for with `allow()`.
 */
class PageWatch {
  private readonly errors: string[] = [];
  private readonly explained = new Set<string>();
  private readonly pending: Array<Promise<void>> = [];
  private readonly allowed: Array<{ url: RegExp; status: number }> = [];

  constructor(page: Page) {
    page.on('pageerror', (err) => this.errors.push(`pageerror: ${err.message}`));
    page.on('response', (res) => this.pending.push(this.onResponse(res)));
    page.on('console', (msg) => this.onConsole(msg));
  }

  allow(url: RegExp, status: number): void {
    this.allowed.push({ url, status });
  }

  async settle(): Promise<string[]> {
    await Promise.all(this.pending);
    return this.errors.filter((e) => !this.explained.has(e));
  }

  private async onResponse(res: Response): Promise<void> {
    if (res.status() < 400) return;
    const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
    const keyOnly = (res.status() === 401 && body?.error.code === 'missing_key') || (res.status() === 403 && body?.error.code === 'api_key_required');
    const asked = this.allowed.some((a) => a.status === res.status() && a.url.test(res.url()));
    if (keyOnly || asked) this.explained.add(`console: Failed to load resource: the server responded with a status of ${res.status()} (${res.statusText()}) @ ${res.url()}`);
    else this.errors.push(`response ${res.status()} ${res.url()}: ${JSON.stringify(body)}`);
  }

  private onConsole(msg: ConsoleMessage): void {
    if (msg.type() === 'error') this.errors.push(`console: ${msg.text()} @ ${msg.location().url}`);
  }
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('app-loading').length === 0 && document.querySelector('h1') !== null, undefined, { timeout: 20_000 });
  // Charts draw on the next frames.
  await page.waitForTimeout(400);
}

async function signIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/overview`, { waitUntil: 'load' });
  await page.waitForURL(/\/sign-in\?next=%2Foverview$/);
  await page.fill('[data-testid="email"]', email);
  await page.fill('[data-testid="password"]', PASSWORD);
  await page.click('[data-testid="sign-in"]');
  await page.waitForURL(/\/overview$/);
}

async function kpiValue(page: Page, metric: string): Promise<string> {
  return ((await page.locator(`[data-testid="kpi-${metric}"] [data-testid="kpi-value"]`).textContent()) ?? '').trim();
}

describe('the portal in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let ws: CreatedWorkspace;
  /** A second workspace of the same user, with two weeks of simulated traffic. */
  let simulated: { id: string; name: string; ingestKey: string; readKey: string };
  let email: string;

  async function postEvents(body: unknown): Promise<void> {
    const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ws.ingestKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(202);
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    ws = await runCli<CreatedWorkspace>(['workspace:create', '--name', `Portal e2e ${randomUUID().slice(0, 8)}`]);
    email = `portal-${randomUUID().slice(0, 8)}@example.com`;
    await runCli(['user:create', '--email', email, '--password', PASSWORD, '--workspace', ws.workspaceId, '--role', 'admin']);

    const login = await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${server.url}/v1/workspaces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Simulated newsletters' }),
    });
    simulated = (await created.json()) as typeof simulated;
    await sendSimulatedHistory(server.url, simulated.ingestKey, { days: 14, contacts: 1500, seed: 11 });
    // Sending infrastructure to watch (probes are off in these checks, so both stay "pending").
    const asAdmin = { authorization: `Bearer ${token}`, 'x-workspace-id': simulated.id, 'content-type': 'application/json' };
    for (const [route, body] of [
      ['/v1/sending-domains', { domain: 'news.example.com', dkimSelectors: ['s1'] }],
      ['/v1/smtp-hosts', { host: 'mta-1.example.com', port: 25, domain: 'news.example.com' }],
    ] as const) {
      const res = await fetch(`${server.url}${route}`, { method: 'POST', headers: asAdmin, body: JSON.stringify(body) });
      expect(res.status).toBeLessThan(300);
    }
    const list = await fetch(`${server.url}/v1/campaigns?sort=sent&order=desc`, { headers: { authorization: `Bearer ${simulated.readKey}` } });
    const campaigns = ((await list.json()) as { items: Array<{ id: string; name: string | null; variants: string[] }> }).items;
    const ab = campaigns.find((c) => c.variants.length >= 2) ?? campaigns[0];
    history.abCampaign = ab.id;
    history.abCampaignTitle = ab.name ?? ab.id;
    history.otherCampaign = campaigns.find((c) => c.id !== history.abCampaign)?.id ?? '';
    const opened = await fetch(`${server.url}/v1/events?type=email.clicked&limit=1`, { headers: { authorization: `Bearer ${simulated.readKey}` } });
    history.contact = ((await opened.json()) as { items: Array<{ contactEmail: string }> }).items[0]?.contactEmail ?? '';
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  describe('signed in at 1440×900', () => {
    let context: BrowserContext;
    let page: Page;
    let watch: PageWatch;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: VIEWPORTS[0], reducedMotion: 'reduce' });
      page = await context.newPage();
      watch = new PageWatch(page);
    });
    afterAll(async () => context?.close());

    it('refuses a wrong password with the reason and signs in with the right one', async () => {
      watch.allow(/\/v1\/auth\/login$/, 401);
      await page.goto(`${server.url}/sign-in`, { waitUntil: 'load' });
      await page.waitForFunction(() => document.title === 'Sign in · Mailpulse');
      await saveFullPageScreenshot(page, 'sign-in-1440');
      await page.fill('[data-testid="email"]', email);
      await page.fill('[data-testid="password"]', 'not the password');
      await page.click('[data-testid="sign-in"]');
      await page.waitForSelector('[data-testid="sign-in-error"]');
      expect(await page.textContent('[data-testid="sign-in-error"]')).toContain('The email or password is wrong');
      await signIn(page, server.url, email);
    });

    it('shows the empty workspace with the first-event command for this server', async () => {
      await settled(page);
      expect(await kpiValue(page, 'sent')).toBe('0');
      expect(await page.textContent('[data-testid="first-event"]')).toContain(`curl -X POST ${server.url}/v1/events`);
      await saveFullPageScreenshot(page, 'overview-empty-1440');
    });

    it('goes live and counts posted events within seconds, without a reload', async () => {
      await page.waitForFunction(() => document.querySelector('[data-testid="live-status"]')?.textContent?.trim() === 'Live', undefined, { timeout: 15_000 });
      await postEvents(events(7, CAMPAIGN));
      await page.waitForFunction(() => document.querySelector('[data-testid="kpi-sent"] [data-testid="kpi-value"]')?.textContent?.trim() === '7', undefined, { timeout: 15_000 });
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="live-events"]')?.textContent?.replace(/\D/g, '')) >= 7, undefined, { timeout: 15_000 });
      await postEvents([...events(5, CAMPAIGN, 'email.delivered'), ...events(4, 'e2e-autumn')]);
      await page.waitForFunction(() => document.querySelector('[data-testid="kpi-sent"] [data-testid="kpi-value"]')?.textContent?.trim() === '11', undefined, { timeout: 15_000 });
      expect(await kpiValue(page, 'delivered')).toBe('5');
    });

    it('lists a campaign start in the feed of notable events as it happens', async () => {
      const at = new Date().toISOString();
      await postEvents([
        { id: randomUUID(), type: 'campaign.created', occurredAt: at, campaignId: CAMPAIGN, properties: { name: 'Spring launch' } },
        { id: randomUUID(), type: 'campaign.started', occurredAt: at, campaignId: CAMPAIGN, properties: { audienceSize: 7 } },
      ]);
      const item = (what: string) => `[data-testid="live-feed"] li[aria-label="Spring launch ${what}"]`;
      await page.waitForSelector(item('started'), { timeout: 15_000 });
      expect(await page.locator(item('created')).count()).toBe(1);
    });

    it('keeps the campaign list current as events arrive', async () => {
      await page.click('nav a[href="/campaigns"]');
      await page.waitForURL(/\/campaigns$/);
      await settled(page);
      const sentCell = `[data-testid="campaign-list"] tr:has(a[href="/campaigns/${CAMPAIGN}"]) td:nth-child(3)`;
      expect((await page.textContent(sentCell))?.trim()).toBe('7');
      await postEvents(events(3, CAMPAIGN));
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '10', sentCell, { timeout: 15_000 });
      await page.click('nav a[href="/overview"]');
      await page.waitForURL(/\/overview$/);
      await settled(page);
    });

    it('switches the theme and keeps it', async () => {
      const before = await page.evaluate(() => document.documentElement.dataset['theme']);
      await page.click('[data-testid="theme"]');
      const after = await page.evaluate(() => document.documentElement.dataset['theme']);
      expect(after).not.toBe(before);
      await page.reload({ waitUntil: 'load' });
      await settled(page);
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(after);
      await saveFullPageScreenshot(page, `overview-${after}-1440`);
      await page.click('[data-testid="theme"]');
    });

    it('reaches every page from the keyboard-focusable navigation', async () => {
      const links = await page.locator('nav a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')));
      expect(links).toEqual(['/overview', '/dashboards', '/campaigns', '/contacts', '/deliverability', '/benchmarks', '/anomalies', '/predictions', '/reports', '/settings']);
      await page.focus('nav a[href="/campaigns"]');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/campaigns$/);
      await settled(page);
    });

    it('logs no errors while signing in, counting and navigating', async () => {
      expect(await watch.settle()).toEqual([]);
    });
  });

  describe.each(VIEWPORTS)('every page at $width×$height', (viewport) => {
    let context: BrowserContext;
    let page: Page;
    let watch: PageWatch;

    beforeAll(async () => {
      context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
      page = await context.newPage();
      watch = new PageWatch(page);
      await signIn(page, server.url, email);
      // The workspace switcher: the pages below show the simulated workspace.
      await page.selectOption('[data-testid="workspace"]', simulated.id);
      await settled(page);
    });
    afterAll(async () => context?.close());

    it.each(PAGES)('$name opens, fits the width and is saved as a screenshot', async ({ name, path, heading }) => {
      await page.goto(`${server.url}${path()}`, { waitUntil: 'load' });
      await settled(page);
      expect((await page.textContent('h1'))?.trim()).toBe(heading());
      expect(await page.inputValue('[data-testid="workspace"]')).toBe(simulated.id);
      if (name === 'contacts') {
        // A contact who clicked: their journey has sends, opens and clicks.
        await page.fill('[data-testid="contact-term"]', history.contact);
        await page.keyboard.press('Enter');
        await page.waitForSelector('.journey li');
        await settled(page);
      }
      if (name === 'reports' && viewport.width === 1440) {
        // An export downloads as a CSV of this workspace's campaigns (fetched with the session and workspace).
        const row = page.locator('[data-testid="exports"] li', { hasText: 'Campaign metrics' });
        const [download] = await Promise.all([page.waitForEvent('download'), row.locator('button').click()]);
        const csv = readFileSync((await download.path())!, 'utf8');
        expect(download.suggestedFilename()).toMatch(/\.csv$/);
        expect(csv).toContain(history.abCampaign);
        // The PDF summary of the same period downloads as a PDF.
        const [pdf] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="pdf-summary"] button').click()]);
        expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
        expect(readFileSync((await pdf.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
      if (name === 'predictions') {
        // The prediction form answers from the workspace's history (or a trained model).
        await page.fill('[data-testid="campaign-prediction"] input[name="subject"]', 'Back in stock: the field jacket');
        await page.click('[data-testid="campaign-prediction"] button[type="submit"]');
        await page.waitForSelector('[data-testid="campaign-prediction"] tbody tr');
        await settled(page);
      }
      await saveFullPageScreenshot(page, `${name}-${viewport.width}`);
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > viewport.width) {
        // Name what sticks out, so the failure says where to look.
        const wide = await page.evaluate((w) => Array.from(document.querySelectorAll('*')).filter((e) => e.getBoundingClientRect().right > w).slice(0, 8).map((e) => `${e.tagName.toLowerCase()}.${e.className} ends at ${Math.round(e.getBoundingClientRect().right)}px`), viewport.width);
        throw new Error(`${name} is ${scrollWidth}px wide at ${viewport.width}px:\n${wide.join('\n')}`);
      }
      expect(scrollWidth).toBeLessThanOrEqual(viewport.width);
    });

    it('logs no errors on any page', async () => {
      expect(await watch.settle()).toEqual([]);
    });
  });

  it('shows a lost live connection and recovers when the server is back', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS[0], reducedMotion: 'reduce' });
    const page = await context.newPage();
    try {
      await signIn(page, server.url, email);
      const status = '[data-testid="live-status"]';
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === 'Live', status, { timeout: 15_000 });
      const port = Number(new URL(server.url).port);
      await server.stop();
      await page.waitForSelector('[data-testid="live-banner"]', { timeout: 15_000 });
      expect(await page.textContent(status)).toContain('Reconnecting');
      // The server badge follows: it no longer claims a ready server.
      await page.waitForFunction(() => document.querySelector('[data-testid="health"]')?.textContent?.trim() === 'API unreachable', undefined, { timeout: 15_000 });
      await saveFullPageScreenshot(page, 'overview-connection-lost-1440');
      server = await startServer(port);
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === 'Live', status, { timeout: 30_000 });
      expect(await page.locator('[data-testid="live-banner"]').count()).toBe(0);
      await page.waitForFunction(() => document.querySelector('[data-testid="health"]')?.textContent?.trim() === 'Server ready', undefined, { timeout: 15_000 });
      // Counting resumes on the new connection.
      const before = Number((await kpiValue(page, 'sent')).replace(/\D/g, ''));
      await postEvents(events(2, CAMPAIGN));
      await page.waitForFunction((n) => document.querySelector('[data-testid="kpi-sent"] [data-testid="kpi-value"]')?.textContent?.trim() === String(n), before + 2, { timeout: 15_000 });
    } finally {
      await context.close();
    }
  }, 90_000);

  it('serves the portal for a client-side route asked for as HTML', async () => {
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
    const body = (await res.json()) as ApiErrorBody;
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('/nope');
  });
});
