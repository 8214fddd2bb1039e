import { createTransport } from 'nodemailer';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { parse, type DefaultTreeAdapterTypes } from 'parse5';
import { Pool } from 'pg';
import { mailpulseTracking } from '../src/tracking/nodemailer-tracking.plugin';
import { decodeToken } from '../src/tracking/tracking-token';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseUrl } from './support/test-database';

type Element = DefaultTreeAdapterTypes.Element;
function elements(node: DefaultTreeAdapterTypes.Node): Element[] {
  const children = ('childNodes' in node ? node.childNodes : []).filter((c): c is Element => 'tagName' in c);
  return children.flatMap((c) => [c, ...elements(c)]);
}
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

/** A real SMTP server on loopback that keeps every message it receives, parsed. */
async function smtpSink(): Promise<{ port: number; received: ParsedMail[]; close(): Promise<void> }> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as { port: number }).port,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A header as it was on the wire, unfolded. */
function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

describe('nodemailer plugin through a real SMTP server', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof smtpSink>>;
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });

  beforeAll(async () => {
    [t, smtp] = await Promise.all([startTestApp(), smtpSink()]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), smtp.close(), pool.end()]);
  });

  /** A workspace, its tracking key from the API, and a transport that uses the plugin with it. */
  async function trackedTransport() {
    const ws = await t.newWorkspace();
    const res = await fetch(`${t.baseUrl}/v1/tracking/key`, { headers: { authorization: `Bearer ${ws.ingestKey}` } });
    const key = (await res.json()) as { workspaceId: string; trackingKey: string; baseUrl: string };
    const transport = createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
    transport.use('compile', mailpulseTracking({ baseUrl: key.baseUrl, workspaceId: key.workspaceId, secret: key.trackingKey, unsubscribeMailto: 'unsub@example.com' }));
    return { ws, transport };
  }

  async function send(transport: ReturnType<typeof createTransport>, message: Parameters<ReturnType<typeof createTransport>['sendMail']>[0]): Promise<ParsedMail> {
    const before = smtp.received.length;
    await transport.sendMail({ from: 'news@example.com', to: 'ada@example.com', subject: 'Spring', ...message });
    expect(smtp.received.length).toBe(before + 1);
    return smtp.received[before]!;
  }

  it('adds the pixel, rewrites the links and sets List-Unsubscribe; the received links work against the API', async () => {
    const { ws, transport } = await trackedTransport();
    const mail = await send(transport, {
      html: '<html><body><p>Hi</p><a href="https://shop.example.com/p?a=1&amp;b=2#top" class="cta">Shop</a> <a href="mailto:help@example.com">Help</a> <a href="#x">x</a></body></html>',
      text: 'Hi — https://shop.example.com/p',
      headers: { 'X-Mailpulse-Message-Id': 'smtp-1', 'X-Mailpulse-Campaign-Id': 'spring', 'X-Mailpulse-Contact-Email': 'Ada@Example.com', 'X-Mailpulse-Variant': 'A' },
    });

    const html = mail.html as string;
    const all = elements(parse(html));
    const links = all.filter((e) => e.tagName === 'a');
    const pixel = attr(all.find((e) => e.tagName === 'img')!, 'src')!;
    expect(pixel).toMatch(new RegExp(`^${t.baseUrl}/t/o/1\\.[\\w-]+\\.[\\w-]{22}\\.gif$`));
    expect(decodeToken(pixel.split('/t/o/')[1]!.replace(/\.gif$/, ''))?.claims).toEqual({
      kind: 'open',
      workspaceId: ws.workspaceId,
      messageId: 'smtp-1',
      campaignId: 'spring',
      contactEmail: 'ada@example.com',
      variant: 'A',
    });
    expect(links.map((a) => attr(a, 'href')!.startsWith(`${t.baseUrl}/t/c/`))).toEqual([true, false, false]);
    expect(attr(links[0]!, 'class')).toBe('cta');
    expect(links.slice(1).map((a) => attr(a, 'href'))).toEqual(['mailto:help@example.com', '#x']);
    expect(mail.text?.trim()).toBe('Hi — https://shop.example.com/p');

    const listUnsubscribe = rawHeader(mail, 'List-Unsubscribe')!;
    expect(listUnsubscribe).toMatch(new RegExp(`^<${t.baseUrl}/t/u/1\\.[\\w-]+\\.[\\w-]{22}>, <mailto:unsub@example\\.com>$`));
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.headerLines.filter((h) => h.key.startsWith('x-mailpulse'))).toEqual([]);

    // The links the recipient got: the click redirects, the pixel and the one-click unsubscribe record.
    const click = await fetch(attr(links[0]!, 'href')!, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://shop.example.com/p?a=1&b=2#top');
    expect((await fetch(pixel)).status).toBe(200);
    const unsubscribe = /^<([^>]+)>/.exec(listUnsubscribe)![1]!;
    expect((await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    await t.trackingSettled();
    const { rows } = await pool.query('SELECT type, message_id, campaign_id, contact_email FROM events WHERE workspace_id = $1 ORDER BY type', [ws.workspaceId]);
    expect(rows).toEqual(['email.clicked', 'email.opened', 'email.unsubscribed'].map((type) => ({ type, message_id: 'smtp-1', campaign_id: 'spring', contact_email: 'ada@example.com' })));
  });

  it('reads headers case-insensitively, as an array too, and keeps the contact out of the links when not given', async () => {
    const { transport } = await trackedTransport();
    const mail = await send(transport, { html: Buffer.from('<p>Hello <a href="https://a.example/">a</a></p>'), headers: [{ key: 'x-mailpulse-message-id', value: 'smtp-2' }, { key: 'X-Other', value: 'kept' }] });
    const pixel = attr(elements(parse(mail.html as string)).find((e) => e.tagName === 'img')!, 'src')!;
    expect(decodeToken(pixel.split('/t/o/')[1]!.replace(/\.gif$/, ''))?.claims).toMatchObject({ messageId: 'smtp-2' });
    expect(decodeToken(pixel.split('/t/o/')[1]!.replace(/\.gif$/, ''))?.claims).not.toHaveProperty('contactEmail');
    expect(rawHeader(mail, 'X-Other')).toBe('kept');
    expect(rawHeader(mail, 'List-Unsubscribe')).toBeDefined();
  });

  it('replaces an existing List-Unsubscribe header or list.unsubscribe option, and keeps the other list headers', async () => {
    const { transport } = await trackedTransport();
    const list = { unsubscribe: 'https://old.example/unsubscribe', help: 'https://help.example/' };
    const mail = await send(transport, { html: '<p>x</p>', list, headers: { 'X-Mailpulse-Message-Id': 'smtp-4', 'List-Unsubscribe': '<https://older.example/u>' } });
    expect(mail.headerLines.filter((h) => h.key === 'list-unsubscribe')).toHaveLength(1);
    expect(rawHeader(mail, 'List-Unsubscribe')).toMatch(/\/t\/u\/1\./);
    expect(rawHeader(mail, 'List-Help')).toBe('<https://help.example/>');
    expect(list.unsubscribe).toBe('https://old.example/unsubscribe'); // the sender's object is not changed
  });

  it('sends a message without X-Mailpulse-Message-Id untouched', async () => {
    const { transport } = await trackedTransport();
    const html = '<p>Password reset: <a href="https://app.example/reset?t=1">reset</a></p>';
    const mail = await send(transport, { html });
    expect((mail.html as string).trim()).toBe(html);
    expect(rawHeader(mail, 'List-Unsubscribe')).toBeUndefined();
  });

  it('gives a text-only message the List-Unsubscribe headers and nothing else', async () => {
    const { transport } = await trackedTransport();
    const mail = await send(transport, { text: 'Plain text only', headers: { 'X-Mailpulse-Message-Id': 'smtp-3' } });
    expect(mail.html).toBe(false);
    expect(rawHeader(mail, 'List-Unsubscribe')).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/t\/u\/1\./);
  });

  it('fails the send, naming the header, when an input is invalid; refuses a bad key when set up', async () => {
    const { transport } = await trackedTransport();
    await expect(transport.sendMail({ from: 'a@example.com', to: 'b@example.com', html: '<p>x</p>', headers: { 'X-Mailpulse-Message-Id': 'm'.repeat(129) } })).rejects.toThrow(
      /X-Mailpulse-Message-Id: must be at most 128 characters/,
    );
    expect(() => mailpulseTracking({ baseUrl: t.baseUrl, workspaceId: 'w', secret: 'mp_ingest_x' })).toThrow(/mp_track_v<version>_/);
  });
});
