import { createServer, connect, Server, Socket } from 'node:net';
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { Pool } from 'pg';
import { decodeToken, signToken } from '../src/tracking/tracking-token';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseUrl } from './support/test-database';

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const TARGET = 'https://shop.example.com/spring/shoes?size=42&colour=red#reviews';
const MESSAGE = `
<!doctype html>
<html><body>
  <p>Spring is here.</p>
  <a href="https://shop.example.com/spring/shoes?size=42&amp;colour=red#reviews" data-link-id="shoes" class="cta">Shoes</a>
  <a href='https://blog.example.org/post'>Read</a>
  <a href="mailto:help@example.com">Help</a> <a href="#top">Top</a>
  <a href="mailpulse:unsubscribe">Unsubscribe</a>
</body></html>`;

type Element = DefaultTreeAdapterTypes.Element;
function elements(node: DefaultTreeAdapterTypes.Node): Element[] {
  const children = ('childNodes' in node ? node.childNodes : []).filter((c): c is Element => 'tagName' in c);
  return children.flatMap((c) => [c, ...elements(c)]);
}
/** The links and images of a prepared message, read with an HTML parser. */
function linksOf(html: string) {
  const all = elements(parse(html));
  const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
  return { hrefs: all.filter((e) => e.tagName === 'a').map((e) => attr(e, 'href')!), images: all.filter((e) => e.tagName === 'img').map((e) => attr(e, 'src')!) };
}

interface StoredEvent {
  id: string;
  type: string;
  message_id: string;
  campaign_id: string | null;
  contact_email: string | null;
  variant: string | null;
  verdict: string;
  properties: Record<string, unknown>;
}

describe('tracking endpoints over HTTP', () => {
  let t: TestApp;
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all([t.close(), pool.end()]);
  });

  /** The workspace's stored events, once every hit answered so far by `app` is stored. */
  const eventsOf = async (workspaceId: string, app: TestApp = t): Promise<StoredEvent[]> =>
    // In the order of the hits (several hits reach PostgreSQL in one batch, so they share their received_at).
    (await app.trackingSettled(), await pool.query<StoredEvent>('SELECT id, type, message_id, campaign_id, contact_email, variant, verdict, properties FROM events WHERE workspace_id = $1 ORDER BY occurred_at, id', [workspaceId])).rows;

  async function prepare(key: string | undefined, body: unknown, contentType = 'application/json') {
    const res = await fetch(`${t.baseUrl}/v1/messages/prepare`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  }

  /** A workspace and one prepared message (campaign, contact and variant known). */
  async function preparedMessage(messageId = 'msg-1') {
    const ws = await t.newWorkspace();
    const res = await prepare(ws.ingestKey, { html: MESSAGE, messageId, campaignId: 'spring', contact: { email: 'Ada@Example.com' }, variant: 'B', unsubscribeMailto: 'unsub@example.com' });
    expect(res.status).toBe(200);
    const { hrefs, images } = linksOf(res.body.html as string);
    const unsubscribe = /^<([^>]+)>, <mailto:unsub@example\.com>$/.exec(res.body.headers['List-Unsubscribe'] as string)![1]!;
    return { ws, html: res.body.html as string, headers: res.body.headers as Record<string, string>, pixel: images[0]!, shoes: hrefs[0]!, blog: hrefs[1]!, hrefs, unsubscribe };
  }

  describe('open pixel', () => {
    it('answers a 1×1 GIF with no-cache headers and records the open with user agent and IP', async () => {
      const m = await preparedMessage();
      expect(m.pixel).toMatch(new RegExp(`^${t.baseUrl}/t/o/1\\.[\\w-]+\\.[\\w-]{22}\\.gif$`));
      const res = await fetch(m.pixel, { headers: { 'user-agent': UA, 'x-forwarded-for': '203.0.113.7' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/gif');
      expect(res.headers.get('cache-control')).toMatch(/no-store/);
      expect(res.headers.get('cache-control')).toMatch(/no-cache/);
      expect(res.headers.get('pragma')).toBe('no-cache');
      expect(res.headers.get('expires')).toBe('0');
      const gif = Buffer.from(await res.arrayBuffer());
      expect(gif.subarray(0, 6).toString('ascii')).toBe('GIF89a');
      expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1, 1]);
      expect(gif[gif.length - 1]).toBe(0x3b); // trailer

      const [open] = await eventsOf(m.ws.workspaceId);
      expect(open).toMatchObject({
        type: 'email.opened',
        message_id: 'msg-1',
        campaign_id: 'spring',
        contact_email: 'ada@example.com',
        variant: 'B',
        verdict: 'human',
        properties: { userAgent: UA, ip: '203.0.113.7', method: 'GET', variant: 'B' },
      });
      expect(open!.id).toMatch(/^trk_[0-9a-f-]{36}$/);
    });

    it('records every load as its own event (unique ids), with the socket address when there is no proxy', async () => {
      const m = await preparedMessage();
      for (let i = 0; i < 3; i++) expect((await fetch(m.pixel, { headers: { 'user-agent': UA } })).status).toBe(200);
      const opens = await eventsOf(m.ws.workspaceId);
      expect(opens).toHaveLength(3);
      expect(new Set(opens.map((e) => e.id)).size).toBe(3);
      expect(opens[0]!.properties['ip']).toBe('127.0.0.1');
    });

    it('reads the pixel path as Fastify would: a query string is ignored, percent-escapes are decoded, the first forwarded address is the client', async () => {
      const m = await preparedMessage();
      const escaped = m.pixel.replace(/\.gif$/, '%2Egif');
      for (const url of [`${m.pixel}?utm_source=mail`, escaped]) {
        expect((await fetch(url, { headers: { 'user-agent': UA, 'x-forwarded-for': '203.0.113.9, 10.0.0.1' } })).status).toBe(200);
      }
      expect((await fetch(m.pixel.replace(/\.gif$/, '%E0%A4%A.gif'))).status).toBe(400);
      const opens = await eventsOf(m.ws.workspaceId);
      expect(opens.map((e) => e.properties['ip'])).toEqual(['203.0.113.9', '203.0.113.9']);
    });

    it('records a HEAD request as method HEAD with the verdict machine', async () => {
      const m = await preparedMessage();
      const res = await fetch(m.pixel, { method: 'HEAD', headers: { 'user-agent': UA } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/gif');
      const [open] = await eventsOf(m.ws.workspaceId);
      expect(open).toMatchObject({ type: 'email.opened', verdict: 'machine', properties: { method: 'HEAD', userAgent: UA } });
    });

    it('records a prefetch (Sec-Purpose / Purpose) with prefetch: true and the verdict machine', async () => {
      const m = await preparedMessage();
      await fetch(m.pixel, { headers: { 'user-agent': UA, 'sec-purpose': 'prefetch' } });
      await fetch(m.pixel, { headers: { 'user-agent': UA, purpose: 'prefetch' } });
      const opens = await eventsOf(m.ws.workspaceId);
      expect(opens.map((e) => [e.verdict, e.properties['prefetch'], e.properties['method']])).toEqual([
        ['machine', true, 'GET'],
        ['machine', true, 'GET'],
      ]);
    });

    it('answers a tampered token with 400 (still a GIF, so no broken image) and records nothing', async () => {
      const m = await preparedMessage();
      const [, payload, mac] = /\/t\/o\/1\.([\w-]+)\.([\w-]+)\.gif$/.exec(m.pixel)!.slice(0, 3) as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = `${t.baseUrl}/t/o/1.${Buffer.from(JSON.stringify({ ...claims, m: 'msg-2' })).toString('base64url')}.${mac}.gif`;
      const res = await fetch(forged);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('image/gif');
      expect(await eventsOf(m.ws.workspaceId)).toEqual([]);
    });
  });

  describe('click redirect', () => {
    it('redirects (302) to the exact target and records the click with url and link id', async () => {
      const m = await preparedMessage();
      const res = await fetch(m.shoes, { redirect: 'manual', headers: { 'user-agent': UA } });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(TARGET);
      expect(res.headers.get('cache-control')).toMatch(/no-store/);
      const [click] = await eventsOf(m.ws.workspaceId);
      expect(click).toMatchObject({
        type: 'email.clicked',
        message_id: 'msg-1',
        campaign_id: 'spring',
        contact_email: 'ada@example.com',
        variant: 'B',
        verdict: 'human',
        properties: { url: TARGET, linkId: 'shoes', userAgent: UA, ip: '127.0.0.1', method: 'GET' },
      });
    });

    it('records a link scanner\'s HEAD as a machine click and still answers the redirect', async () => {
      const m = await preparedMessage();
      const res = await fetch(m.blog, { method: 'HEAD', redirect: 'manual', headers: { 'user-agent': UA } });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://blog.example.org/post');
      const [click] = await eventsOf(m.ws.workspaceId);
      expect(click).toMatchObject({ type: 'email.clicked', verdict: 'machine', properties: { method: 'HEAD', linkId: 'link-2' } });
    });

    it.each([
      ['another target URL under the original MAC', (token: string) => {
        const [, p, mac] = token.split('.') as [string, string, string];
        const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
        return `1.${Buffer.from(JSON.stringify({ ...claims, u: 'https://evil.example/phish' })).toString('base64url')}.${mac}`;
      }],
      ['a changed MAC', (token: string) => token.slice(0, -2) + (token.endsWith('AA') ? 'BA' : 'AA')],
      ['a cut token', (token: string) => token.slice(0, 40)],
      ['a token signed with someone else\'s key', (token: string) => signToken(decodeToken(token)!.claims, { version: 1, secret: Buffer.alloc(32, 7) })],
      ['a key version the workspace does not have', (token: string) => signToken(decodeToken(token)!.claims, { version: 5, secret: Buffer.alloc(32, 7) })],
      ['an open token used as a click', (_token: string, pixel: string) => /\/t\/o\/(.+)\.gif$/.exec(pixel)![1]!],
      ['garbage', () => 'not-a-token'],
    ])('answers %s with a plain 400 page, no redirect and no event', async (_name, tamper) => {
      const m = await preparedMessage();
      const token = m.shoes.split('/t/c/')[1]!;
      const res = await fetch(`${t.baseUrl}/t/c/${tamper(token, m.pixel)}`, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('This link is not valid');
      expect(await eventsOf(m.ws.workspaceId)).toEqual([]);
    });
  });

  describe('security headers of the pixel and the redirect', () => {
    // The two hot routes send precomputed headers instead of running helmet per hit. The image and the redirect
    // carry helmet's headers that apply to them (mail clients may embed them from any origin); the bad-link page,
    // a document, carries all of helmet's, with its own stricter policy.
    const ASSET_HEADERS = ['referrer-policy', 'strict-transport-security', 'x-content-type-options'];
    const DOCUMENT_HEADERS = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection'];

    it.each([
      ['an open', (m: { pixel: string }) => m.pixel, 200],
      ['a click', (m: { shoes: string }) => m.shoes, 302],
      ['a bad click token', () => `${t.baseUrl}/t/c/not-a-token`, 400],
      ['a bad pixel token', () => `${t.baseUrl}/t/o/not-a-token.gif`, 400],
    ])('are helmet\'s that apply, with Cross-Origin-Resource-Policy: cross-origin (%s)', async (_name, url, status) => {
      const m = await preparedMessage();
      const [hit, health] = await Promise.all([fetch(url(m), { redirect: 'manual' }), fetch(`${t.baseUrl}/health`)]);
      expect(hit.status).toBe(status);
      const page = hit.headers.get('content-type')?.startsWith('text/html');
      for (const name of [...ASSET_HEADERS, ...(page ? DOCUMENT_HEADERS : [])]) {
        expect([name, hit.headers.get(name)]).toEqual([name, health.headers.get(name)]);
      }
      if (page) expect(hit.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
      else for (const name of ['content-security-policy', ...DOCUMENT_HEADERS]) expect([name, hit.headers.get(name)]).toEqual([name, null]);
      expect(health.headers.get('x-frame-options')).toBe('DENY');
      expect(hit.headers.get('referrer-policy')).toBe('no-referrer');
      expect(hit.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(hit.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('unsubscribe', () => {
    it('GET shows a confirmation page with a POST form and records nothing; the form records source "link"', async () => {
      const m = await preparedMessage();
      const page = await fetch(m.unsubscribe);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await page.text();
      const form = elements(parse(html)).find((e) => e.tagName === 'form')!;
      expect(form.attrs).toEqual(expect.arrayContaining([{ name: 'method', value: 'post' }]));
      expect(html).toContain('ada@example.com');
      expect(await eventsOf(m.ws.workspaceId)).toEqual([]);

      const action = new URL(form.attrs.find((a) => a.name === 'action')!.value, m.unsubscribe).toString();
      const res = await fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=yes' });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('unsubscribed');
      const [unsub] = await eventsOf(m.ws.workspaceId);
      expect(unsub).toMatchObject({ type: 'email.unsubscribed', message_id: 'msg-1', campaign_id: 'spring', contact_email: 'ada@example.com', properties: { source: 'link' } });
    });

    it('RFC 8058 one-click: POST List-Unsubscribe=One-Click (URL-encoded or multipart) answers 200 and records source "one-click"', async () => {
      const m = await preparedMessage();
      expect(m.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      const urlencoded = await fetch(m.unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(urlencoded.status).toBe(200);
      const multipart = new FormData();
      multipart.set('List-Unsubscribe', 'One-Click');
      expect((await fetch(m.unsubscribe, { method: 'POST', body: multipart })).status).toBe(200);
      const events = await eventsOf(m.ws.workspaceId);
      expect(events.map((e) => [e.type, e.properties['source']])).toEqual([
        ['email.unsubscribed', 'one-click'],
        ['email.unsubscribed', 'one-click'],
      ]);
      const { rows } = await pool.query('SELECT status FROM message_states WHERE workspace_id = $1 AND message_id = $2', [m.ws.workspaceId, 'msg-1']);
      expect(rows).toEqual([{ status: 'unsubscribed' }]);
    });

    it('answers a tampered unsubscribe token with 400 on GET and POST and records nothing', async () => {
      const m = await preparedMessage();
      const bad = m.unsubscribe.slice(0, -3) + 'AAA';
      expect((await fetch(bad)).status).toBe(400);
      const res = await fetch(bad, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await eventsOf(m.ws.workspaceId)).toEqual([]);
    });
  });

  describe('POST /v1/messages/prepare', () => {
    it('round trip: rewrites the http(s) links (which then redirect to their targets) and leaves mailto:, anchors alone', async () => {
      const m = await preparedMessage();
      expect(m.hrefs[2]).toBe('mailto:help@example.com');
      expect(m.hrefs[3]).toBe('#top');
      expect(m.hrefs[4]).toBe(m.unsubscribe);
      expect(m.html).toContain('class="cta"');
      const targets = [];
      for (const href of [m.shoes, m.blog]) {
        expect(href.startsWith(`${t.baseUrl}/t/c/`)).toBe(true);
        const res = await fetch(href, { redirect: 'manual' });
        expect(res.status).toBe(302);
        targets.push(res.headers.get('location'));
      }
      expect(targets).toEqual([TARGET, 'https://blog.example.org/post']);
      expect((await eventsOf(m.ws.workspaceId)).map((e) => e.properties['linkId'])).toEqual(['shoes', 'link-2']);
    });

    it('uses the workspace key (created on first use); a rotation signs with the next version and old links keep working', async () => {
      const m = await preparedMessage();
      const auth = { authorization: `Bearer ${m.ws.ingestKey}` };
      const key = (await (await fetch(`${t.baseUrl}/v1/tracking/key`, { headers: auth })).json()) as { workspaceId: string; trackingKey: string; baseUrl: string };
      expect(key).toEqual({ workspaceId: m.ws.workspaceId, trackingKey: expect.stringMatching(/^mp_track_v1_[\w-]{43}$/), baseUrl: t.baseUrl });
      const rotated = await fetch(`${t.baseUrl}/v1/tracking/key/rotate`, { method: 'POST', headers: auth });
      expect(((await rotated.json()) as { trackingKey: string }).trackingKey).toMatch(/^mp_track_v2_/);

      const again = await prepare(m.ws.ingestKey, { html: '<a href="https://x.example/">x</a>', messageId: 'msg-2' });
      const newLink = linksOf(again.body.html as string).hrefs[0]!;
      expect(decodeToken(newLink.split('/t/c/')[1]!)?.keyVersion).toBe(2);
      expect((await fetch(newLink, { redirect: 'manual' })).headers.get('location')).toBe('https://x.example/');
      expect((await fetch(m.shoes, { redirect: 'manual' })).headers.get('location')).toBe(TARGET);
    });

    it.each([
      ['no html', { messageId: 'm' }, 'html', /html: is required/],
      ['html that is not a string', { html: 5, messageId: 'm' }, 'html', /html: must be a string of HTML/],
      ['no messageId', { html: '' }, 'messageId', /messageId: is required/],
      ['an empty messageId', { html: '', messageId: '  ' }, 'messageId', /messageId: must not be empty/],
      ['a messageId over 128 characters', { html: '', messageId: 'm'.repeat(129) }, 'messageId', /at most 128/],
      ['a contact email that is not one', { html: '', messageId: 'm', contact: { email: 'nope' } }, 'contact.email', /contact\.email: must be an email address/],
      ['a contact that is not an object', { html: '', messageId: 'm', contact: 'ada@example.com' }, 'contact', /contact: must be an object/],
      ['an unknown field', { html: '', messageId: 'm', subject: 'Hi' }, 'subject', /subject: is not a known field/],
      ['a body that is not an object', [1, 2], 'body', /body: must be a JSON object/],
    ])('400 for %s, naming the field', async (_name, body, field, message) => {
      const ws = await t.newWorkspace();
      const res = await prepare(ws.ingestKey, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_body', field });
      expect(res.body.error.message).toMatch(message);
    });

    it('puts TRACKING_BASE_URL (path prefix kept) into the links when it is set', async () => {
      const other = await startTestApp({ TRACKING_BASE_URL: 'https://t.example.com/mail/' });
      try {
        const ws = await other.newWorkspace();
        const res = await fetch(`${other.baseUrl}/v1/messages/prepare`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.ingestKey}` },
          body: JSON.stringify({ html: '<a href="https://a.example/">a</a>', messageId: 'm' }),
        });
        const body = (await res.json()) as { html: string; headers: Record<string, string> };
        const { hrefs, images } = linksOf(body.html);
        expect(hrefs[0]).toMatch(/^https:\/\/t\.example\.com\/mail\/t\/c\/1\./);
        expect(images[0]).toMatch(/^https:\/\/t\.example\.com\/mail\/t\/o\/1\./);
        expect(body.headers['List-Unsubscribe']).toMatch(/^<https:\/\/t\.example\.com\/mail\/t\/u\/1\./);
      } finally {
        await other.close();
      }
    });

    it('needs an ingest key (401 without, 403 with a read key) and JSON (415)', async () => {
      const ws = await t.newWorkspace();
      const body = { html: '', messageId: 'm' };
      expect((await prepare(undefined, body)).status).toBe(401);
      expect((await prepare(ws.readKey, body)).status).toBe(403);
      expect((await prepare(ws.ingestKey, 'html=x', 'text/plain')).status).toBe(415);
    });
  });

  describe('when the database is away', () => {
    /** A TCP proxy in front of PostgreSQL that can cut every connection and refuse new ones. */
    async function databaseProxy(): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
      const target = new URL(testDatabaseUrl());
      const sockets = new Set<Socket>();
      let down = false;
      const server: Server = createServer((client) => {
        if (down) return client.destroy();
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
          sockets.add(a);
          a.on('data', (d) => b.write(d));
          a.on('close', () => {
            sockets.delete(a);
            b.destroy();
          });
          a.on('error', () => b.destroy());
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return {
        port: (server.address() as { port: number }).port,
        cut: () => {
          down = true;
          for (const s of sockets) s.destroy();
        },
        restore: () => (down = false),
        close: () => new Promise((r) => server.close(() => r())),
      };
    }

    it('keeps answering and recording hits in the journal, and stores them once PostgreSQL is back; a key it has not seen yet is a 503', async () => {
      const proxy = await databaseProxy();
      const url = new URL(testDatabaseUrl());
      url.host = `127.0.0.1:${proxy.port}`;
      const flaky = await startTestApp({ DATABASE_URL: url.toString() });
      try {
        const m = await preparedMessage();
        const pixel = m.pixel.replace(t.baseUrl, flaky.baseUrl);
        const click = m.shoes.replace(t.baseUrl, flaky.baseUrl);
        expect((await fetch(pixel)).status).toBe(200);
        await flaky.trackingSettled();

        proxy.cut();
        // The mail client never retries a pixel or a click: the hit is answered from the journal, not lost.
        const open = await fetch(pixel);
        expect(open.status).toBe(200);
        expect(open.headers.get('content-type')).toBe('image/gif');
        const redirect = await fetch(click, { redirect: 'manual' });
        expect(redirect.status).toBe(302);
        expect(redirect.headers.get('location')).toBe(TARGET);
        // A link whose key this process has not seen yet cannot be checked: 503 with Retry-After, not "invalid".
        const unseen = await preparedMessage('msg-unseen');
        const refused = await fetch(unseen.pixel.replace(t.baseUrl, flaky.baseUrl));
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toBe('1');
        expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
        await new Promise((r) => setTimeout(r, 500));
        expect((await pool.query('SELECT count(*)::int AS n FROM events WHERE workspace_id = $1', [m.ws.workspaceId])).rows[0].n).toBe(1);

        proxy.restore();
        // Stored together once the database is back, so in one group: compare as a set of counts.
        expect((await eventsOf(m.ws.workspaceId, flaky)).map((e) => e.type).sort()).toEqual(['email.clicked', 'email.opened', 'email.opened']);
      } finally {
        await flaky.close();
        await proxy.close();
      }
    });

    it('with TRACKING_JOURNAL=off answers 503 with Retry-After (never a 500, never an unrecorded GIF or redirect), and records again once it is back', async () => {
      const proxy = await databaseProxy();
      const url = new URL(testDatabaseUrl());
      url.host = `127.0.0.1:${proxy.port}`;
      const flaky = await startTestApp({ DATABASE_URL: url.toString(), TRACKING_JOURNAL: 'off' });
      try {
        const m = await preparedMessage();
        const pixel = m.pixel.replace(t.baseUrl, flaky.baseUrl);
        const click = m.shoes.replace(t.baseUrl, flaky.baseUrl);
        expect((await fetch(pixel)).status).toBe(200);

        proxy.cut();
        const open = await fetch(pixel);
        expect(open.status).toBe(503);
        expect(open.headers.get('retry-after')).toBe('1');
        expect(open.headers.get('content-type')).toMatch(/^text\/html/);
        const redirect = await fetch(click, { redirect: 'manual' });
        expect(redirect.status).toBe(503);
        expect(redirect.headers.get('location')).toBeNull();

        proxy.restore();
        let status = 0;
        for (let i = 0; i < 50 && status !== 302; i++) {
          status = (await fetch(click, { redirect: 'manual' })).status;
          if (status !== 302) await new Promise((r) => setTimeout(r, 100));
        }
        expect(status).toBe(302);
        expect((await eventsOf(m.ws.workspaceId, flaky)).map((e) => e.type)).toEqual(['email.opened', 'email.clicked']);
      } finally {
        await flaky.close();
        await proxy.close();
      }
    });
  });
});
