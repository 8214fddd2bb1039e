import type { ApiErrorBody, Dashboard } from '@mailpulse/contracts';
import type { Browser, BrowserContext, ConsoleMessage, Page, Response } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { launchChromium } from './support/chromium';
import { saveFullPageScreenshot } from './support/screenshots';
import { RunningServer, runCli, startServer } from './support/server-process';

interface CreatedWorkspace {
  workspaceId: string;
  ingestKey: string;
  readKey: string;
}

const PASSWORD = 'dashboards e2e passphrase';
const CAMPAIGN = 'launch-week';
const HOUR = 3_600_000;
const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
const WIDE = { width: 1440, height: 900 };
const NARROW = { width: 375, height: 812 };

/**
 * One campaign of 40 messages sent over the last three days, with figures a reader can check by hand:
 * 36 delivered and 4 bounced (delivery 90.0 %, bounce 10.0 %), 20 human opens and 8 machine (prefetch) opens,
 * 12 human clicks (8 on /spring, 4 on /sale), 2 complaints (2/36 = 5.6 %), 1 unsubscribe (1/36 = 2.8 %);
 * recipients at gmail.com (20), example.com (12) and outlook.com (8).
 */
function seededHistory(now: number): unknown[] {
  const start = now - 72 * HOUR;
  const at = (t: number) => new Date(t).toISOString();
  const out: unknown[] = [{ id: randomUUID(), type: 'campaign.created', occurredAt: at(start - HOUR), campaignId: CAMPAIGN, properties: { name: 'Launch week' } }];
  for (let i = 0; i < 40; i++) {
    const sentAt = start + i * 1.5 * HOUR;
    const messageId = `${CAMPAIGN}-${i}`;
    const domain = i < 20 ? 'gmail.com' : i < 32 ? 'example.com' : 'outlook.com';
    const base = { campaignId: CAMPAIGN, messageId, contact: { email: `reader${i}@${domain}` } };
    const event = (type: string, t: number, properties: Record<string, unknown> = {}) => ({ id: randomUUID(), type, occurredAt: at(t), ...base, properties });
    out.push(event('email.sent', sentAt));
    const k = i % 10;
    if (k === 9) {
      out.push(event('email.bounced', sentAt + 60_000, { bounceClass: i === 39 ? 'soft' : 'hard' }));
      continue;
    }
    out.push(event('email.delivered', sentAt + 60_000));
    if (k < 5) out.push(event('email.opened', sentAt + 2 * HOUR, { userAgent: DESKTOP, ip: '198.51.100.7' }));
    if (k === 5 || k === 6) out.push(event('email.opened', sentAt + 65_000, { prefetch: true }));
    if (k < 3) out.push(event('email.clicked', sentAt + 2 * HOUR + 60_000, { userAgent: DESKTOP, ip: '198.51.100.7', url: k < 2 ? 'https://shop.example.com/spring' : 'https://shop.example.com/sale' }));
    if (k === 3 && i < 20) out.push(event('email.complained', sentAt + 3 * HOUR));
    if (i === 4) out.push(event('email.unsubscribed', sentAt + 3 * HOUR, { source: 'link' }));
  }
  return out;
}

/**
 * Collects what would show up as an error in the browser: uncaught exceptions, console errors and failed API
 * responses, except the failures a test asks for with `allow()` (a refused save it then checks on screen).
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
    if (this.allowed.some((a) => a.status === res.status() && a.url.test(res.url()))) {
      this.explained.add(`console: Failed to load resource: the server responded with a status of ${res.status()} (${res.statusText()}) @ ${res.url()}`);
    } else {
      this.errors.push(`response ${res.status()} ${res.url()}: ${JSON.stringify(body)}`);
    }
  }

  private onConsole(msg: ConsoleMessage): void {
    if (msg.type() === 'error') this.errors.push(`console: ${msg.text()} @ ${msg.location().url}`);
  }
}

/** No widget or page is loading any more, and the charts have drawn. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('app-loading').length === 0 && document.querySelector('h1') !== null, undefined, { timeout: 20_000 });
  await page.waitForTimeout(400);
}

async function signIn(page: Page, baseUrl: string, email: string, next = '/dashboards'): Promise<void> {
  await page.goto(`${baseUrl}${next}`, { waitUntil: 'load' });
  await page.waitForURL(/\/sign-in\?next=/);
  await page.fill('[data-testid="email"]', email);
  await page.fill('[data-testid="password"]', PASSWORD);
  await page.click('[data-testid="sign-in"]');
  await page.waitForURL((url) => url.pathname === next);
}

const widget = (id: string) => `app-dashboard-widget[data-widget-id="${id}"]`;

async function kpi(page: Page, id: string): Promise<string> {
  return ((await page.locator(`${widget(id)} [data-testid="kpi-value"]`).textContent()) ?? '').trim();
}

/** A widget's place as the page draws it: its grid column and row (1-based lines) and spans. */
async function placeOf(page: Page, id: string): Promise<{ col: string; row: string }> {
  return page.locator(widget(id)).evaluate((el) => ({ col: (el as HTMLElement).style.getPropertyValue('--col'), row: (el as HTMLElement).style.getPropertyValue('--row') }));
}

/** Waits for the page to draw widget `id` at `place` (it renders on the next frame after a key press or a drop). */
async function expectPlace(page: Page, id: string, place: { col: string; row: string }): Promise<void> {
  await page
    .waitForFunction(
      ({ sel, col, row }) => {
        const el = document.querySelector<HTMLElement>(sel);
        return el?.style.getPropertyValue('--col') === col && el.style.getPropertyValue('--row') === row;
      },
      { sel: widget(id), ...place },
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  expect(await placeOf(page, id)).toEqual(place);
}

/** Fails naming what sticks out when the page scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, width: number, name: string): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > width) {
    const wide = await page.evaluate((w) => Array.from(document.querySelectorAll('*')).filter((e) => e.getBoundingClientRect().right > w).slice(0, 8).map((e) => `${e.tagName.toLowerCase()}.${e.className} ends at ${Math.round(e.getBoundingClientRect().right)}px`), width);
    throw new Error(`${name} is ${scrollWidth}px wide at ${width}px:\n${wide.join('\n')}`);
  }
}

describe('custom dashboards in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let ws: CreatedWorkspace;
  let analyst: string;
  let viewer: string;
  let analystToken: string;
  /** The dashboards the tests create, by template. */
  const made = { deliverability: '', engagement: '' };

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${analystToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    ws = await runCli<CreatedWorkspace>(['workspace:create', '--name', `Dashboards e2e ${randomUUID().slice(0, 8)}`]);
    analyst = `analyst-${randomUUID().slice(0, 8)}@example.com`;
    viewer = `viewer-${randomUUID().slice(0, 8)}@example.com`;
    await runCli(['user:create', '--email', analyst, '--password', PASSWORD, '--workspace', ws.workspaceId, '--role', 'analyst']);
    await runCli(['user:create', '--email', viewer, '--password', PASSWORD, '--workspace', ws.workspaceId, '--role', 'viewer']);
    const login = await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: analyst, password: PASSWORD }) });
    analystToken = ((await login.json()) as { token: string }).token;
    const res = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(seededHistory(Date.now())),
    });
    expect(res.status).toBe(202);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  describe('an analyst at 1440×900', () => {
    let context: BrowserContext;
    let page: Page;
    let watch: PageWatch;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: WIDE, reducedMotion: 'reduce' });
      page = await context.newPage();
      watch = new PageWatch(page);
      await signIn(page, server.url, analyst);
      await settled(page);
    });
    afterAll(async () => context?.close());

    it('finds Dashboards in the navigation and starts with none', async () => {
      expect(await page.locator('nav a[href="/dashboards"]').getAttribute('class')).toContain('active');
      expect(await page.textContent('[data-testid="dashboard-list"]')).toContain('No dashboards yet');
    });

    it('creates a shared dashboard from the deliverability template and shows the seeded figures in its widgets', async () => {
      await page.fill('[data-testid="new-dashboard-name"]', 'Deliverability watch');
      await page.click('[data-testid="start-deliverability"]');
      await page.check('[data-testid="new-dashboard-shared"]');
      await page.click('[data-testid="create-dashboard"]');
      await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}$/);
      made.deliverability = page.url().split('/').pop()!;
      await settled(page);
      expect((await page.textContent('h1'))?.trim()).toBe('Deliverability watch');
      expect(await page.textContent('[data-testid="dashboard-sharing"]')).toContain('Shared');
      expect(await page.locator('app-dashboard-widget').count()).toBe(7);
      // 36 of 40 delivered, 4 bounced, 2 complaints and 1 unsubscribe of 36 delivered.
      expect(await kpi(page, 'delivery-rate')).toBe('90.0%');
      expect(await kpi(page, 'bounce-rate')).toBe('10.0%');
      expect(await kpi(page, 'complaint-rate')).toBe('5.6%');
      expect(await kpi(page, 'unsubscribe-rate')).toBe('2.8%');
      // The bounces are drawn; the recipient domains are counted from the deliverability report.
      expect(await page.locator(`${widget('bounces')} canvas`).count()).toBeGreaterThan(0);
      const gmail = page.locator(`${widget('domains')} tr`, { hasText: 'gmail.com' });
      expect((await gmail.locator('td').nth(1).textContent())?.trim()).toBe('20');
      expect(await page.textContent(widget('anomalies'))).toContain('No anomalies in the last 7 days');
      // Widgets are side by side on the 12-column grid as the template places them.
      const [a, b] = await Promise.all([page.locator(widget('delivery-rate')).boundingBox(), page.locator(widget('bounce-rate')).boundingBox()]);
      expect(Math.round(a!.y)).toBe(Math.round(b!.y));
      expect(b!.x).toBeGreaterThan(a!.x + a!.width);
      await saveFullPageScreenshot(page, 'dashboard-deliverability-1440');
    });

    it("creates one from the engagement template: the latest campaign's funnel and links, and the live feed", async () => {
      await page.click('a.back');
      await page.waitForURL(/\/dashboards$/);
      await settled(page);
      await page.fill('[data-testid="new-dashboard-name"]', 'Engagement');
      await page.click('[data-testid="start-engagement"]');
      await page.click('[data-testid="create-dashboard"]');
      await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}$/);
      made.engagement = page.url().split('/').pop()!;
      await settled(page);
      const funnel = widget('funnel');
      expect(await page.textContent(funnel)).toContain('Launch week');
      expect(await page.textContent(funnel)).toContain('most recently active');
      expect((await page.locator(`${funnel} li[data-step="sent"] .count`).textContent())?.trim()).toBe('40');
      expect((await page.locator(`${funnel} li[data-step="opened"] .count`).textContent())?.trim()).toBe('20');
      const spring = page.locator(`${widget('links')} tr`, { hasText: 'https://shop.example.com/spring' });
      expect((await spring.locator('td').nth(1).textContent())?.trim()).toBe('8');
      // Total opens over time are drawn as human and machine.
      expect(await page.locator(`${widget('opens-over-time')} canvas`).count()).toBeGreaterThan(0);
      // The live feed starts an hour back (nothing then) and lists events as they arrive.
      await page.waitForFunction(() => document.querySelector('[data-testid="live-status"]')?.textContent?.trim() === 'Live', undefined, { timeout: 15_000 });
      const login = (n: number) => ({ id: randomUUID(), type: 'user.login', occurredAt: new Date().toISOString(), contact: { email: `member${n}@example.com` }, properties: { userId: `u${n}` } });
      const res = await fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ws.ingestKey}`, 'content-type': 'application/json' }, body: JSON.stringify([login(1), login(2)]) });
      expect(res.status).toBe(202);
      await page.waitForFunction((sel) => document.querySelectorAll(`${sel} .feed li`).length >= 2, widget('live'), { timeout: 20_000 });
      expect(await page.textContent(widget('live'))).toContain('member2@example.com');
      await settled(page);
      await saveFullPageScreenshot(page, 'dashboard-engagement-1440');
    });

    it('adds a widget, moves and resizes it with the keyboard, saves, and shows the saved layout after a reload', async () => {
      await page.goto(`${server.url}/dashboards/${made.deliverability}`, { waitUntil: 'load' });
      await settled(page);
      await page.click('[data-testid="edit-dashboard"]');
      await page.click('[data-testid="add-widget"]');
      await page.selectOption('[data-testid="widget-kind"]', 'kpi');
      await page.fill('[data-testid="widget-title"]', 'Human opens');
      await page.selectOption('[data-testid="widget-metric"]', 'opens');
      await page.selectOption('[data-testid="widget-range"]', '7d');
      await page.selectOption('[data-testid="widget-verdict"]', 'human');
      await page.click('[data-testid="widget-submit"]');
      // The template fills rows 0–9; a 3 × 2 KPI goes to the first free spot below them.
      const added = widget('kpi-1');
      await page.waitForSelector(added);
      await expectPlace(page, 'kpi-1', { col: '1 / span 3', row: '11 / span 2' });
      await page.waitForFunction((sel) => document.querySelector(`${sel} [data-testid="kpi-value"]`)?.textContent?.trim() === '20', added, { timeout: 15_000 });
      await saveFullPageScreenshot(page, 'dashboard-editing-1440');

      await page.focus(added);
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Shift+ArrowRight');
      await expectPlace(page, 'kpi-1', { col: '4 / span 4', row: '12 / span 2' });
      // The keyboard stays on the widget and a screen reader hears where it went.
      await page.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset['widgetId'] === 'kpi-1', undefined, { timeout: 5_000 });
      expect(await page.textContent('[data-testid="layout-announcement"]')).toBe('Human opens: column 4, row 12, 4 wide, 2 high');

      await page.click('[data-testid="save-dashboard"]');
      await page.waitForSelector('[data-testid="dashboard-notice"]');
      expect(await page.textContent('[data-testid="dashboard-notice"]')).toContain('Saved (version 2)');
      expect(await page.locator('[data-testid="edit-dashboard"]').count()).toBe(1);

      await page.reload({ waitUntil: 'load' });
      await settled(page);
      await expectPlace(page, 'kpi-1', { col: '4 / span 4', row: '12 / span 2' });
      expect(await kpi(page, 'kpi-1')).toBe('20');
      const stored = await api<Dashboard>('GET', `/v1/dashboards/${made.deliverability}`);
      expect(stored.body.version).toBe(2);
      expect(stored.body.widgets.find((w) => w.id === 'kpi-1')).toEqual({
        id: 'kpi-1',
        kind: 'kpi',
        title: 'Human opens',
        metric: 'opens',
        verdict: 'human',
        range: '7d',
        position: { x: 3, y: 11, w: 4, h: 2 },
      });
    });

    it('moves a widget by dragging its title bar', async () => {
      await page.click('[data-testid="edit-dashboard"]');
      const head = page.locator(`${widget('kpi-1')} .head h2`);
      await head.scrollIntoViewIfNeeded();
      const box = (await head.boundingBox())!;
      const grid = (await page.locator('[data-testid="dashboard-grid"]').boundingBox())!;
      const column = (grid.width + 16) / 12;
      await page.mouse.move(box.x + 10, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 10 - column * 3, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
      await expectPlace(page, 'kpi-1', { col: '1 / span 4', row: '12 / span 2' });
      await page.click('[data-testid="cancel-edit"]');
      await expectPlace(page, 'kpi-1', { col: '4 / span 4', row: '12 / span 2' });
    });

    it("shows the API's message next to the field a refused save names", async () => {
      watch.allow(new RegExp(`/v1/dashboards/${made.deliverability}$`), 400);
      await page.click('[data-testid="edit-dashboard"]');
      await page.fill('[data-testid="dashboard-name"]', '   ');
      await page.click('[data-testid="save-dashboard"]');
      await page.waitForSelector('[data-testid="name-error"]');
      expect(await page.textContent('[data-testid="name-error"]')).toBe('must not be empty');
      await page.click('[data-testid="cancel-edit"]');
    });

    it('says when someone saved in between and reloads their version', async () => {
      watch.allow(new RegExp(`/v1/dashboards/${made.deliverability}$`), 409);
      await page.click('[data-testid="edit-dashboard"]');
      await page.fill('[data-testid="dashboard-name"]', 'My name for it');
      // Another session saves version 2 first.
      const current = (await api<Dashboard>('GET', `/v1/dashboards/${made.deliverability}`)).body;
      const theirs = await api<Dashboard>('PUT', `/v1/dashboards/${made.deliverability}`, { name: 'Their name for it', shared: true, widgets: current.widgets, version: current.version });
      expect(theirs.status).toBe(200);
      await page.click('[data-testid="save-dashboard"]');
      await page.waitForSelector('[data-testid="version-conflict"]');
      const text = await page.textContent('[data-testid="version-conflict"]');
      expect(text).toContain('Someone saved this dashboard while you were editing it');
      expect(text).toContain('It is at version 3 now; your changes were made to version 2');
      await saveFullPageScreenshot(page, 'dashboard-conflict-1440');
      await page.click('[data-testid="conflict-reload"]');
      await page.waitForFunction(() => document.querySelector('h1')?.textContent?.trim() === 'Their name for it');
      expect(await page.locator('[data-testid="version-conflict"]').count()).toBe(0);
      expect(await page.locator('[data-testid="dashboard-name"]').count()).toBe(0);
      await settled(page);
    });

    it('creates a blank dashboard that opens ready to add widgets', async () => {
      await page.click('a.back');
      await page.waitForURL(/\/dashboards$/);
      await settled(page);
      await page.fill('[data-testid="new-dashboard-name"]', 'Scratch');
      await page.click('[data-testid="start-blank"]');
      await page.click('[data-testid="create-dashboard"]');
      await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}\?edit=1$/);
      await settled(page);
      expect(await page.inputValue('[data-testid="dashboard-name"]')).toBe('Scratch');
      expect(await page.textContent('[data-testid="dashboard-empty"]')).toContain('No widgets yet');
      expect(await page.isEnabled('[data-testid="add-widget"]')).toBe(true);
      await saveFullPageScreenshot(page, 'dashboard-blank-1440');
    });

    it('marks the default dashboard and deletes one after asking', async () => {
      await page.click('a.back');
      await page.waitForURL(/\/dashboards$/);
      await settled(page);
      const row = (id: string) => page.locator(`[data-dashboard-id="${id}"]`);
      await row(made.deliverability).locator('[data-testid="toggle-default"]').click();
      await page.waitForSelector(`[data-dashboard-id="${made.deliverability}"] [data-testid="default-badge"]`);
      expect(await row(made.engagement).locator('[data-testid="default-badge"]').count()).toBe(0);
      expect((await api<{ dashboard: Dashboard }>('GET', '/v1/dashboards/default')).body.dashboard.id).toBe(made.deliverability);
      await saveFullPageScreenshot(page, 'dashboards-1440');

      await row(made.engagement).locator('[data-testid="delete-dashboard"]').click();
      // The question replaces the row's buttons once Angular has drawn it.
      await row(made.engagement).locator('[data-testid="confirm-delete"]').waitFor();
      expect(await row(made.engagement).textContent()).toContain('Delete “Engagement” for everyone who sees it?');
      await row(made.engagement).locator('[data-testid="confirm-delete"]').click();
      await page.waitForFunction((id) => !document.querySelector(`[data-dashboard-id="${id}"]`), made.engagement);
      expect((await api('GET', `/v1/dashboards/${made.engagement}`)).status).toBe(404);
    });

    it('logs no errors while creating, editing and saving', async () => {
      expect(await watch.settle()).toEqual([]);
    });
  });

  describe('a viewer', () => {
    let context: BrowserContext;
    let page: Page;
    let watch: PageWatch;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: WIDE, reducedMotion: 'reduce' });
      page = await context.newPage();
      watch = new PageWatch(page);
      await signIn(page, server.url, viewer);
      await settled(page);
    });
    afterAll(async () => context?.close());

    it('sees the shared dashboard with its figures and no way to change it', async () => {
      expect(await page.locator('[data-testid="new-dashboard"]').count()).toBe(0);
      const row = page.locator(`[data-dashboard-id="${made.deliverability}"]`);
      expect(await row.textContent()).toContain('Their name for it');
      expect(await row.locator('[data-testid="delete-dashboard"]').count()).toBe(0);
      await row.locator('a.name').click();
      await page.waitForURL(new RegExp(`/dashboards/${made.deliverability}$`));
      await settled(page);
      expect(await kpi(page, 'delivery-rate')).toBe('90.0%');
      expect(await page.textContent('[data-testid="read-only"]')).toContain('Read only');
      for (const control of ['edit-dashboard', 'add-widget', 'save-dashboard', 'widget-settings', 'widget-remove']) {
        expect(await page.locator(`[data-testid="${control}"]`).count()).toBe(0);
      }
      expect(await page.locator('app-dashboard-widget .resize, app-dashboard-widget .grip').count()).toBe(0);
      // Arrow keys on a widget do nothing for a viewer.
      const before = await placeOf(page, 'kpi-1');
      await page.locator(widget('kpi-1')).click();
      await page.keyboard.press('ArrowLeft');
      expect(await placeOf(page, 'kpi-1')).toEqual(before);
      await page.evaluate(() => window.scrollTo(0, 0));
      await saveFullPageScreenshot(page, 'dashboard-viewer-1440');
    });

    it('logs no errors', async () => {
      expect(await watch.settle()).toEqual([]);
    });
  });

  describe('at 375×812', () => {
    let context: BrowserContext;
    let page: Page;
    let watch: PageWatch;

    beforeAll(async () => {
      context = await browser.newContext({ viewport: NARROW, reducedMotion: 'reduce' });
      page = await context.newPage();
      watch = new PageWatch(page);
      await signIn(page, server.url, analyst);
      await settled(page);
    });
    afterAll(async () => context?.close());

    it('lists the dashboards within the width', async () => {
      await saveFullPageScreenshot(page, 'dashboards-375');
      await expectNoSidewaysScroll(page, NARROW.width, 'the dashboard list');
    });

    it('stacks the widgets in one column in reading order (row, then column)', async () => {
      await page.goto(`${server.url}/dashboards/${made.deliverability}`, { waitUntil: 'load' });
      await settled(page);
      const boxes = await page.locator('app-dashboard-widget').evaluateAll((els) =>
        els.map((el) => ({ id: (el as HTMLElement).dataset['widgetId'], ...JSON.parse(JSON.stringify(el.getBoundingClientRect())) as DOMRect })),
      );
      expect(boxes.map((b) => b.id)).toEqual(['delivery-rate', 'bounce-rate', 'complaint-rate', 'unsubscribe-rate', 'bounces', 'anomalies', 'domains', 'kpi-1']);
      for (const [i, b] of boxes.entries()) {
        expect(Math.round(b.x)).toBe(Math.round(boxes[0].x));
        expect(Math.round(b.width)).toBe(Math.round(boxes[0].width));
        if (i > 0) expect(b.y).toBeGreaterThanOrEqual(boxes[i - 1].y + boxes[i - 1].height);
      }
      expect(await kpi(page, 'delivery-rate')).toBe('90.0%');
      await saveFullPageScreenshot(page, 'dashboard-375');
      await expectNoSidewaysScroll(page, NARROW.width, 'the dashboard');
    });

    it('edits within the width', async () => {
      await page.click('[data-testid="edit-dashboard"]');
      await page.click('[data-testid="add-widget"]');
      await settled(page);
      await saveFullPageScreenshot(page, 'dashboard-editing-375');
      await expectNoSidewaysScroll(page, NARROW.width, 'the dashboard in edit mode');
      await page.click('[data-testid="cancel-edit"]');
    });

    it('logs no errors', async () => {
      expect(await watch.settle()).toEqual([]);
    });
  });
});
