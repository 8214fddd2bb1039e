import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createSocket, Socket } from 'node:dgram';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import DNS from 'dns2';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { freePort, ROOT, serverEnv } from './support/server-process';
import { startTestApp, TestApp } from './support/test-app';
import { testDatabaseUrl } from './support/test-database';

// Response bodies are read field by field in assertions; a loose type keeps those reads short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;

/** DNS rcodes (dns2 has them at run time but not in its types). */
const NXDOMAIN = 3;
const SERVFAIL = 2;

interface ZoneEntry {
  txt?: string[];
  mx?: { exchange: string; priority: number }[];
  servfail?: boolean;
}

/**
 * A real DNS server on loopback (UDP and TCP on one port, as a resolver expects) answering from a zone the
 * test can change between probe runs. Long TXT records go out as 255-byte character strings, as real ones do.
 */
async function startDnsServer(zone: Map<string, ZoneEntry>): Promise<{ port: number; queries: string[]; close(): Promise<void> }> {
  const queries: string[] = [];
  const server = DNS.createServer({
    udp: true,
    tcp: true,
    handle: (request, send) => {
      const response = DNS.Packet.createResponseFromRequest(request);
      const question = request.questions[0]!;
      const name = question.name.toLowerCase();
      queries.push(name);
      const entry = zone.get(name);
      response.header.aa = 1;
      if (!entry) response.header.rcode = NXDOMAIN;
      else if (entry.servfail) response.header.rcode = SERVFAIL;
      else if (question.type === DNS.Packet.TYPE.TXT) {
        for (const txt of entry.txt ?? []) {
          const chunks = txt.match(/[\s\S]{1,255}/g) ?? [''];
          response.answers.push(DNS.Packet.createResourceFromQuestion(question, { ttl: 60, data: chunks }));
        }
      } else if (question.type === DNS.Packet.TYPE.MX) {
        for (const mx of entry.mx ?? []) {
          response.answers.push(DNS.Packet.createResourceFromQuestion(question, { ttl: 60, ...mx }));
        }
      }
      void send(response);
    },
  });
  const port = await freePort();
  await server.listen({ udp: { port, address: '127.0.0.1' }, tcp: { port, address: '127.0.0.1' } });
  return { port, queries, close: () => server.close() };
}

async function startSmtpServer(starttls: boolean): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({ logger: false, authOptional: true, ...(starttls ? {} : { disabledCommands: ['STARTTLS'] }) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as { port: number }).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: opened, read, closed. */
async function refusedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A UDP port that is held open and never answers: a resolver that does not answer (no other socket can take it). */
async function silentUdpPort(): Promise<{ port: number; socket: Socket }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, socket };
}

const dkimKey = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const HEALTHY = 'healthy.probe.test';
const BROKEN_DKIM = 'broken-dkim.probe.test';
const TWO_SPF = 'two-spf.probe.test';
const HEALTHY_DMARC = `v=DMARC1; p=reject; sp=quarantine; pct=100; rua=mailto:dmarc@${HEALTHY}`;

function testZone(): Map<string, ZoneEntry> {
  const key = dkimKey(2048);
  return new Map<string, ZoneEntry>([
    [HEALTHY, { txt: [`v=spf1 ip4:192.0.2.0/24 include:_spf.${HEALTHY} -all`, 'site-verification=abc'], mx: [{ exchange: `mx2.${HEALTHY}`, priority: 20 }, { exchange: `mx1.${HEALTHY}`, priority: 10 }] }],
    [`_spf.${HEALTHY}`, { txt: ['v=spf1 ip4:198.51.100.0/24 -all'] }],
    // A 2048-bit key is longer than one TXT string and than a plain UDP answer: chunks and TCP fallback are tested too.
    [`s1._domainkey.${HEALTHY}`, { txt: [`v=DKIM1; k=rsa; p=${key}`] }],
    [`_dmarc.${HEALTHY}`, { txt: [HEALTHY_DMARC] }],

    [BROKEN_DKIM, { txt: ['v=spf1 ip4:192.0.2.10 -all'], mx: [{ exchange: `mx.${BROKEN_DKIM}`, priority: 10 }] }],
    [`s1._domainkey.${BROKEN_DKIM}`, { txt: ['v=DKIM1; k=rsa; p='] }],

    [TWO_SPF, { txt: ['v=spf1 ip4:192.0.2.20 -all', 'v=spf1 include:_spf.example.net ~all'], mx: [{ exchange: `mx.${TWO_SPF}`, priority: 10 }] }],
    [`s1._domainkey.${TWO_SPF}`, { txt: [`v=DKIM1; p=${key}`] }],
    [`_dmarc.${TWO_SPF}`, { txt: ['v=DMARC1; p=none'] }],
  ]);
}

describe('infrastructure probes over HTTP, against real DNS and SMTP servers on loopback', () => {
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
  const zone = testZone();
  const workspaces: string[] = [];
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  let tlsSmtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let plainSmtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let closedPort: number;
  let t: TestApp;

  beforeAll(async () => {
    [dns, tlsSmtp, plainSmtp, closedPort] = await Promise.all([startDnsServer(zone), startSmtpServer(true), startSmtpServer(false), refusedPort()]);
    t = await startTestApp({ PROBE_DNS_SERVERS: `127.0.0.1:${dns.port}`, PROBE_INTERVAL_SECONDS: '0', PROBE_TIMEOUT_MS: '2000' });
  });
  afterAll(async () => {
    // Other tests' servers run the schedule with the system resolver: leave them no probe targets of ours.
    await pool.query('DELETE FROM sending_domains WHERE workspace_id = ANY ($1::uuid[])', [workspaces]);
    await pool.query('DELETE FROM smtp_hosts WHERE workspace_id = ANY ($1::uuid[])', [workspaces]);
    await Promise.all([t.close(), dns.close(), tlsSmtp.close(), plainSmtp.close()]);
    await pool.end();
  });

  async function newWorkspace() {
    const ws = await t.newWorkspace();
    workspaces.push(ws.workspaceId);
    return ws;
  }

  async function call(method: string, path: string, key: string | undefined, body?: unknown): Promise<{ status: number; body: LooseJson }> {
    const res = await fetch(`${t.baseUrl}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as LooseJson) : {} };
  }

  const check = (domain: LooseJson, record: string) => domain['checks'].find((c: LooseJson) => c['record'] === record);

  it('checks SPF, DKIM, DMARC and MX and probes SMTP hosts; keeps current statuses and writes infra events', async () => {
    const ws = await newWorkspace();
    for (const domain of [HEALTHY, BROKEN_DKIM, TWO_SPF]) {
      const added = await call('POST', '/v1/sending-domains', ws.ingestKey, { domain, dkimSelectors: ['s1'] });
      expect(added).toMatchObject({ status: 201, body: { domain, dkimSelectors: ['s1'] } });
    }
    expect(await call('POST', '/v1/smtp-hosts', ws.ingestKey, { host: '127.0.0.1', port: tlsSmtp.port, domain: HEALTHY })).toMatchObject({
      status: 201,
      body: { host: '127.0.0.1', port: tlsSmtp.port, expectStarttls: true, domain: HEALTHY },
    });
    expect((await call('POST', '/v1/smtp-hosts', ws.ingestKey, { host: '127.0.0.1', port: plainSmtp.port, expectStarttls: false })).status).toBe(201);
    expect((await call('POST', '/v1/smtp-hosts', ws.ingestKey, { host: '127.0.0.1', port: closedPort })).status).toBe(201);

    const before = await call('GET', '/v1/sending-domains', ws.readKey);
    expect(before.status).toBe(200);
    expect(before.body['sendingDomains'].map((d: LooseJson) => [d['domain'], d['status'], d['checks'].length])).toEqual([
      [BROKEN_DKIM, 'pending', 0],
      [HEALTHY, 'pending', 0],
      [TWO_SPF, 'pending', 0],
    ]);

    const run = await call('POST', '/v1/probes/run', ws.ingestKey);
    expect(run.status).toBe(200);
    expect(run.body['events']).toEqual({ accepted: 15, duplicates: 0, rejected: [] });
    expect(run.body['sendingDomains']).toHaveLength(3);

    const { body } = await call('GET', '/v1/sending-domains', ws.readKey);
    const byName = Object.fromEntries(body['sendingDomains'].map((d: LooseJson) => [d['domain'], d]));
    const summary = (d: LooseJson) => d['checks'].map((c: LooseJson) => `${c['record']}${c['selector'] ? `:${c['selector']}` : ''}=${c['status']}`);

    expect(byName[HEALTHY]['status']).toBe('ok');
    expect(summary(byName[HEALTHY])).toEqual(['spf=ok', 'dkim:s1=ok', 'dmarc=ok', 'mx=ok']);
    expect(check(byName[HEALTHY], 'spf')).toMatchObject({ value: `v=spf1 ip4:192.0.2.0/24 include:_spf.${HEALTHY} -all`, facts: { lookups: 1, all: '-all' } });
    expect(check(byName[HEALTHY], 'dkim')).toMatchObject({ detail: 'rsa key, 2048 bits', facts: { bits: 2048 } });
    expect(check(byName[HEALTHY], 'dmarc')).toMatchObject({
      value: HEALTHY_DMARC,
      facts: { p: 'reject', sp: 'quarantine', pct: 100, rua: [`mailto:dmarc@${HEALTHY}`] },
    });
    expect(check(byName[HEALTHY], 'mx')).toMatchObject({ value: `10 mx1.${HEALTHY}, 20 mx2.${HEALTHY}` });
    expect(byName[HEALTHY]['smtpHosts']).toEqual([expect.objectContaining({ port: tlsSmtp.port, status: expect.objectContaining({ ok: true }) })]);

    expect(byName[BROKEN_DKIM]['status']).toBe('broken');
    expect(summary(byName[BROKEN_DKIM])).toEqual(['spf=ok', 'dkim:s1=broken', 'dmarc=missing', 'mx=ok']);
    expect(check(byName[BROKEN_DKIM], 'dkim')).toMatchObject({ value: 'v=DKIM1; k=rsa; p=', detail: 'p= is empty: the key is revoked' });
    expect(check(byName[BROKEN_DKIM], 'dmarc')).toMatchObject({ value: null, detail: `_dmarc.${BROKEN_DKIM} does not exist` });

    expect(byName[TWO_SPF]['status']).toBe('broken');
    expect(summary(byName[TWO_SPF])).toEqual(['spf=broken', 'dkim:s1=ok', 'dmarc=ok', 'mx=ok']);
    expect(check(byName[TWO_SPF], 'spf')['detail']).toMatch(/^2 v=spf1 records/);
    expect(check(byName[TWO_SPF], 'dmarc')['detail']).toMatch(/^p=none/);

    const hosts = (await call('GET', '/v1/smtp-hosts', ws.readKey)).body['smtpHosts'] as LooseJson[];
    const host = (port: number) => hosts.find((h) => h['port'] === port)!['status'];
    expect(host(tlsSmtp.port)).toMatchObject({ ok: true, error: null, facts: { starttls: 'upgraded', tls: { authorized: false, selfSigned: true } } });
    expect(host(tlsSmtp.port)['latencyMs']).toBeGreaterThanOrEqual(0);
    // (jsonb keeps keys in its own order)
    expect(Object.keys(host(tlsSmtp.port)['facts']['steps']).sort()).toEqual(['banner', 'connect', 'ehlo', 'ehloTls', 'quit', 'starttls']);
    expect(host(plainSmtp.port)).toMatchObject({ ok: true, facts: { starttls: 'not-offered' } });
    expect(host(closedPort)).toMatchObject({ ok: false, error: 'connect: connection refused (ECONNREFUSED)' });

    const { rows: dnsEvents } = await pool.query(
      `SELECT properties FROM events WHERE workspace_id = $1 AND type = 'infra.dns' ORDER BY properties->>'domain', properties->>'record'`,
      [ws.workspaceId],
    );
    expect(dnsEvents.map((r) => `${r.properties.domain} ${r.properties.record} ${r.properties.status}`)).toEqual([
      `${BROKEN_DKIM} dkim broken`,
      `${BROKEN_DKIM} dmarc missing`,
      `${BROKEN_DKIM} mx ok`,
      `${BROKEN_DKIM} spf ok`,
      `${HEALTHY} dkim ok`,
      `${HEALTHY} dmarc ok`,
      `${HEALTHY} mx ok`,
      `${HEALTHY} spf ok`,
      `${TWO_SPF} dkim ok`,
      `${TWO_SPF} dmarc ok`,
      `${TWO_SPF} mx ok`,
      `${TWO_SPF} spf broken`,
    ]);
    expect(dnsEvents.find((r) => r.properties.domain === HEALTHY && r.properties.record === 'dkim')!.properties).toMatchObject({
      selector: 's1',
      value: expect.stringMatching(/^v=DKIM1; k=rsa; p=MII/),
    });
    const { rows: smtpEvents } = await pool.query(
      `SELECT properties FROM events WHERE workspace_id = $1 AND type = 'infra.smtp' ORDER BY (properties->>'port')::int`,
      [ws.workspaceId],
    );
    expect(smtpEvents).toHaveLength(3);
    for (const { properties } of smtpEvents) {
      expect(properties).toMatchObject({ host: '127.0.0.1', latencyMs: expect.any(Number) });
      expect(properties.ok).toBe(properties.port !== closedPort);
      if (properties.port === closedPort) expect(properties.error).toBe('connect: connection refused (ECONNREFUSED)');
    }
  });

  it('applies the parent domain\'s DMARC policy (its sp) to a subdomain without a record of its own', async () => {
    const ws = await newWorkspace();
    const sub = `news.${HEALTHY}`;
    const deep = `a.b.${HEALTHY}`;
    for (const domain of [sub, deep]) expect((await call('POST', '/v1/sending-domains', ws.ingestKey, { domain })).status).toBe(201);
    expect((await call('POST', '/v1/probes/run', ws.ingestKey)).status).toBe(200);
    const { body } = await call('GET', '/v1/sending-domains', ws.readKey);
    for (const domain of [sub, deep]) {
      const dmarc = check(body['sendingDomains'].find((d: LooseJson) => d['domain'] === domain), 'dmarc');
      expect(dmarc).toMatchObject({
        status: 'ok',
        value: HEALTHY_DMARC,
        detail: `no record at _dmarc.${domain}; the record of ${HEALTHY} applies (sp=quarantine on 100% of failing mail)`,
        facts: { p: 'reject', sp: 'quarantine', inheritedFrom: HEALTHY },
      });
    }
  });

  it('shows a changed DNS record as changed, with when it changed, then ok again', async () => {
    const ws = await newWorkspace();
    await call('POST', '/v1/sending-domains', ws.ingestKey, { domain: HEALTHY });
    const dmarc = async () => check((await call('GET', '/v1/sending-domains', ws.readKey)).body['sendingDomains'][0], 'dmarc');

    await call('POST', '/v1/probes/run', ws.ingestKey);
    const first = await dmarc();
    expect(first).toMatchObject({ status: 'ok', value: HEALTHY_DMARC });

    const changedRecord = `v=DMARC1; p=quarantine; pct=25; rua=mailto:dmarc@${HEALTHY}`;
    zone.set(`_dmarc.${HEALTHY}`, { txt: [changedRecord] });
    try {
      const run = await call('POST', '/v1/probes/run', ws.ingestKey);
      expect(run.body['sendingDomains'][0]['checks'].map((c: LooseJson) => c['status'])).toEqual(['ok', 'changed', 'ok']);
      const changed = await dmarc();
      expect(changed).toMatchObject({ status: 'changed', value: changedRecord, facts: { p: 'quarantine', pct: 25 } });
      expect(Date.parse(changed['valueChangedAt'])).toBeGreaterThan(Date.parse(first['valueChangedAt']));
      expect(Date.parse(changed['statusChangedAt'])).toBe(Date.parse(changed['valueChangedAt']));

      const { rows } = await pool.query(`SELECT properties FROM events WHERE workspace_id = $1 AND type = 'infra.dns' AND properties->>'status' = 'changed'`, [ws.workspaceId]);
      expect(rows.map((r) => r.properties)).toEqual([
        expect.objectContaining({ domain: HEALTHY, record: 'dmarc', status: 'changed', value: changedRecord, previousValue: HEALTHY_DMARC }),
      ]);

      await call('POST', '/v1/probes/run', ws.ingestKey);
      const settled = await dmarc();
      expect(settled).toMatchObject({ status: 'ok', value: changedRecord, valueChangedAt: changed['valueChangedAt'] });
    } finally {
      zone.set(`_dmarc.${HEALTHY}`, { txt: [HEALTHY_DMARC] });
    }
  });

  it('reports a SERVFAIL as broken and keeps working when the resolver does not answer', async () => {
    const ws = await newWorkspace();
    zone.set('servfail.probe.test', { servfail: true });
    await call('POST', '/v1/sending-domains', ws.ingestKey, { domain: 'servfail.probe.test' });
    const run = await call('POST', '/v1/probes/run', ws.ingestKey);
    expect(run.body['sendingDomains'][0]['checks'].map((c: LooseJson) => c['status'])).toEqual(['broken', 'missing', 'broken']);
    expect(run.body['sendingDomains'][0]['checks'][0]['detail']).toBe('the DNS lookup of servfail.probe.test answered SERVFAIL');

    // A resolver that does not answer: the checks say `error`, no infra.dns events are made, the run still answers.
    const silent = await silentUdpPort();
    const offline = await startTestApp({ PROBE_DNS_SERVERS: `127.0.0.1:${silent.port}`, PROBE_INTERVAL_SECONDS: '0', PROBE_TIMEOUT_MS: '300' });
    try {
      const ws2 = await newWorkspace();
      await call('POST', '/v1/sending-domains', ws2.ingestKey, { domain: HEALTHY });
      const res = await fetch(`${offline.baseUrl}/v1/probes/run`, { method: 'POST', headers: { authorization: `Bearer ${ws2.ingestKey}` } });
      const report = (await res.json()) as LooseJson;
      expect(res.status).toBe(200);
      expect(report['sendingDomains'][0]['checks'].map((c: LooseJson) => c['status'])).toEqual(['error', 'error', 'error']);
      expect(report['sendingDomains'][0]['checks'][0]['detail']).toMatch(/^the DNS lookup of healthy.probe.test failed \(E[A-Z]+\); nothing could be checked$/);
      expect(report['events']).toEqual({ accepted: 0, duplicates: 0, rejected: [] });
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM events WHERE workspace_id = $1`, [ws2.workspaceId]);
      expect(rows[0].n).toBe(0);
    } finally {
      await offline.close();
      silent.socket.close();
    }
  });

  it('manages domains and hosts: replace selectors, delete with their statuses and hosts, 404 for unknown ones', async () => {
    const ws = await newWorkspace();
    await call('POST', '/v1/sending-domains', ws.ingestKey, { domain: HEALTHY, dkimSelectors: ['s1', 's2'] });
    await call('POST', '/v1/smtp-hosts', ws.ingestKey, { host: '127.0.0.1', port: plainSmtp.port, expectStarttls: false, domain: HEALTHY });
    await call('POST', '/v1/probes/run', ws.ingestKey);
    const listed = (await call('GET', '/v1/sending-domains', ws.readKey)).body['sendingDomains'][0];
    expect(listed['checks'].map((c: LooseJson) => `${c['record']}${c['selector']}=${c['status']}`)).toEqual(['spf=ok', 'dkims1=ok', 'dkims2=missing', 'dmarc=ok', 'mx=ok']);

    // Posting again replaces the selectors (200) and drops the status of the selector no longer checked.
    const replaced = await call('POST', '/v1/sending-domains', ws.ingestKey, { domain: 'HEALTHY.probe.test.', dkimSelectors: ['s1'] });
    expect(replaced).toMatchObject({ status: 200, body: { domain: HEALTHY, dkimSelectors: ['s1'] } });
    const after = (await call('GET', '/v1/sending-domains', ws.readKey)).body['sendingDomains'][0];
    expect(after['checks'].map((c: LooseJson) => c['selector'])).toEqual(['', 's1', '', '']);
    expect(after['smtpHosts']).toHaveLength(1);

    expect((await call('DELETE', `/v1/sending-domains/${HEALTHY}`, ws.ingestKey)).status).toBe(204);
    expect((await call('GET', '/v1/sending-domains', ws.readKey)).body).toEqual({ sendingDomains: [] });
    expect((await call('GET', '/v1/smtp-hosts', ws.readKey)).body).toEqual({ smtpHosts: [] });
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM dns_check_statuses WHERE workspace_id = $1', [ws.workspaceId]);
    expect(rows[0].n).toBe(0);
    expect(await call('DELETE', `/v1/sending-domains/${HEALTHY}`, ws.ingestKey)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', field: 'domain', message: `${HEALTHY} is not a sending domain of this workspace` } },
    });

    await call('POST', '/v1/smtp-hosts', ws.ingestKey, { host: 'mx.example.com', port: 25 });
    await call('POST', '/v1/smtp-hosts', ws.ingestKey, { host: 'mx.example.com', port: 587 });
    expect((await call('DELETE', '/v1/smtp-hosts/mx.example.com?port=25', ws.ingestKey)).status).toBe(204);
    expect((await call('GET', '/v1/smtp-hosts', ws.readKey)).body['smtpHosts'].map((h: LooseJson) => h['port'])).toEqual([587]);
    expect((await call('DELETE', '/v1/smtp-hosts/mx.example.com', ws.ingestKey)).status).toBe(204);
    expect((await call('DELETE', '/v1/smtp-hosts/mx.example.com', ws.ingestKey)).status).toBe(404);
  });

  it('keeps each workspace to its own domains', async () => {
    const [a, b] = [await newWorkspace(), await newWorkspace()];
    await call('POST', '/v1/sending-domains', a.ingestKey, { domain: HEALTHY });
    expect((await call('GET', '/v1/sending-domains', b.readKey)).body).toEqual({ sendingDomains: [] });
    expect((await call('DELETE', `/v1/sending-domains/${HEALTHY}`, b.ingestKey)).status).toBe(404);
    const run = await call('POST', '/v1/probes/run', b.ingestKey);
    expect(run.body).toMatchObject({ sendingDomains: [], smtpHosts: [], events: { accepted: 0 } });
  });

  it('needs the ingest key to write and the read key to read', async () => {
    const ws = await newWorkspace();
    expect(await call('GET', '/v1/sending-domains', undefined)).toMatchObject({ status: 401, body: { error: { code: 'missing_key' } } });
    expect(await call('GET', '/v1/sending-domains', ws.ingestKey)).toMatchObject({ status: 403, body: { error: { code: 'wrong_key_scope' } } });
    expect(await call('GET', '/v1/smtp-hosts', ws.ingestKey)).toMatchObject({ status: 403 });
    expect(await call('POST', '/v1/sending-domains', ws.readKey, { domain: HEALTHY })).toMatchObject({ status: 403 });
    expect(await call('POST', '/v1/smtp-hosts', ws.readKey, { host: 'mx.example.com' })).toMatchObject({ status: 403 });
    expect(await call('DELETE', `/v1/sending-domains/${HEALTHY}`, ws.readKey)).toMatchObject({ status: 403 });
    expect(await call('POST', '/v1/probes/run', ws.readKey)).toMatchObject({ status: 403 });
    expect(await call('POST', '/v1/probes/run', 'mp_ingest_nope')).toMatchObject({ status: 401, body: { error: { code: 'invalid_key' } } });
  });

  it.each([
    ['/v1/sending-domains', { dkimSelectors: ['s1'] }, 'domain', 'domain: is required'],
    ['/v1/sending-domains', { domain: 'not a domain' }, 'domain', /^domain: "not a domain" is not a valid name/],
    ['/v1/sending-domains', { domain: 'example.com', dkimSelectors: 's1' }, 'dkimSelectors', /^dkimSelectors: must be a list/],
    ['/v1/sending-domains', { domain: 'example.com', extra: 1 }, 'extra', 'extra: is not a known field'],
    ['/v1/sending-domains', [], 'body', /^body: must be a JSON object/],
    ['/v1/sending-domains', '{"domain":', 'body', /^body: is not valid JSON/],
    ['/v1/smtp-hosts', { host: 'mx.example.com', port: 99999 }, 'port', 'port: must be from 1 to 65535'],
    ['/v1/smtp-hosts', { host: 'mx.example.com', expectStarttls: 'yes' }, 'expectStarttls', 'expectStarttls: must be true or false'],
    ['/v1/smtp-hosts', { host: 'mx.example.com', domain: 'unknown.example.com' }, 'domain', 'domain: unknown.example.com is not a sending domain of this workspace; add it first'],
  ])('answers 400 naming the field: POST %s %j', async (path, body, field, message) => {
    const ws = await newWorkspace();
    const res = await call('POST', path, ws.ingestKey, body);
    expect(res.status).toBe(400);
    expect(res.body['error']['field']).toBe(field);
    expect(res.body['error']['message']).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  });

  it('adds a domain with the CLI: domain:add --workspace --domain --dkim-selector s1,s2', async () => {
    const ws = await newWorkspace();
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist/apps/api/cli.js'), 'domain:add', ...args], { cwd: ROOT, env: serverEnv(0), encoding: 'utf8' });

    const added = cli('--workspace', ws.workspaceId, '--domain', 'CLI.probe.test', '--dkim-selector', 's1,s2', '--json');
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ workspaceId: ws.workspaceId, created: true, domain: 'cli.probe.test', dkimSelectors: ['s1', 's2'] });
    expect((await call('GET', '/v1/sending-domains', ws.readKey)).body['sendingDomains']).toEqual([
      expect.objectContaining({ domain: 'cli.probe.test', dkimSelectors: ['s1', 's2'], status: 'pending' }),
    ]);
    const again = cli('--workspace', ws.workspaceId, '--domain', 'cli.probe.test');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^Sending domain cli.probe.test updated in workspace .* \(DKIM selectors: none\)/);

    expect(cli('--workspace', ws.workspaceId, '--domain', 'nodot')).toMatchObject({ status: 64, stderr: expect.stringMatching(/^domain:add: --domain "nodot" is not a domain name with a dot/) });
    expect(cli('--workspace', ws.workspaceId, '--domain', 'cli.probe.test', '--dkim-selector', 'bad selector')).toMatchObject({ status: 64 });
    expect(cli('--domain', 'cli.probe.test')).toMatchObject({ status: 64, stderr: expect.stringMatching(/--workspace is required/) });
    expect(cli('--workspace', 'nope', '--domain', 'cli.probe.test')).toMatchObject({ status: 64 });
    expect(cli('--workspace', '00000000-0000-4000-8000-000000000000', '--domain', 'cli.probe.test')).toMatchObject({
      status: 1,
      stderr: 'domain:add: workspace 00000000-0000-4000-8000-000000000000 does not exist\n',
    });
  });
});

describe('scheduled probes across two API processes', () => {
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
  let dns: Awaited<ReturnType<typeof startDnsServer>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let replicas: TestApp[] = [];
  let workspaceId = '';

  beforeAll(async () => {
    [dns, smtp] = await Promise.all([startDnsServer(testZone()), startSmtpServer(false)]);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    if (workspaceId) await pool.query('DELETE FROM smtp_hosts WHERE workspace_id = $1', [workspaceId]);
    await Promise.all([dns.close(), smtp.close()]);
    await pool.end();
  });

  it('runs every PROBE_INTERVAL_SECONDS, once across the processes (advisory lock and shared schedule)', async () => {
    const env = { PROBE_DNS_SERVERS: `127.0.0.1:${dns.port}`, PROBE_INTERVAL_SECONDS: '2', PROBE_TIMEOUT_MS: '1000' };
    // Started out of step, so their ticks fall at different times and only the shared schedule keeps them apart.
    replicas.push(await startTestApp(env));
    await new Promise((resolve) => setTimeout(resolve, 700));
    replicas.push(await startTestApp(env));
    const ws = await replicas[0]!.newWorkspace();
    workspaceId = ws.workspaceId;
    const res = await fetch(`${replicas[1]!.baseUrl}/v1/smtp-hosts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.ingestKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ host: '127.0.0.1', port: smtp.port, expectStarttls: false }),
    });
    expect(res.status).toBe(201);

    await new Promise((resolve) => setTimeout(resolve, 7_000));
    await Promise.all(replicas.map((r) => r.close()));
    replicas = [];

    const { rows } = await pool.query<{ at: Date }>(`SELECT occurred_at AS at FROM events WHERE workspace_id = $1 AND type = 'infra.smtp' ORDER BY occurred_at`, [workspaceId]);
    // About one run per 2 s in 7 s; two processes running each tick on their own would make pairs milliseconds apart.
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.at.getTime() - rows[i - 1]!.at.getTime()).toBeGreaterThan(1_000);
    const { rows: status } = await pool.query('SELECT ok FROM smtp_probe_statuses WHERE workspace_id = $1', [workspaceId]);
    expect(status).toEqual([{ ok: true }]);
  });
});
