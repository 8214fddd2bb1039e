import { createServer, Server, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../config/config.schema';
import { SmtpProber } from './smtp.prober';

/** Real servers on loopback: smtp-server with and without STARTTLS, and raw TCP servers that misbehave. */
interface Loopback {
  port: number;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

async function smtpServer(options: { starttls: boolean }, commands: string[]): Promise<Loopback> {
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    banner: 'probe test server',
    ...(options.starttls ? {} : { disabledCommands: ['STARTTLS'] }),
    onMailFrom: (_address, _session, callback) => {
      commands.push('MAIL');
      callback();
    },
    onData: (stream, _session, callback) => {
      commands.push('DATA');
      stream.resume().on('end', () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.server.address() as { port: number }).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function rawServer(onConnection: (socket: Socket) => void): Promise<Loopback> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  const port = await listen(server);
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}

async function refusedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('SmtpProber against real servers on loopback', () => {
  const prober = new SmtpProber(loadConfig({ DATABASE_URL: 'postgres://localhost/unused_test', PROBE_TIMEOUT_MS: '1500', PROBE_EHLO_NAME: 'probe.mailpulse.test' }));
  const commands: string[] = [];
  const servers: Loopback[] = [];
  let tlsPort: number;
  let plainPort: number;

  beforeAll(async () => {
    const [tls, plain] = await Promise.all([smtpServer({ starttls: true }, commands), smtpServer({ starttls: false }, commands)]);
    servers.push(tls, plain);
    tlsPort = tls.port;
    plainPort = plain.port;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('upgrades with STARTTLS, accepts the self-signed certificate and reports it, timing every step; sends no mail', async () => {
    const result = await prober.probe({ host: '127.0.0.1', port: tlsPort, expectStarttls: true });
    expect(result).toMatchObject({ host: '127.0.0.1', port: tlsPort, ok: true, starttls: 'upgraded', tls: { authorized: false, selfSigned: true } });
    expect(result.error).toBeUndefined();
    expect(result.banner).toMatch(/^220 .*probe test server/);
    expect(result.tls!.protocol).toMatch(/^TLSv1\.[23]$/);
    // smtp-server's built-in certificate is self-signed and has expired; OpenSSL names the expiry.
    expect(result.tls).toMatchObject({ authorizationError: 'CERT_HAS_EXPIRED', certificateSubject: 'localhost', certificateIssuer: 'localhost' });
    expect(Object.keys(result.steps)).toEqual(['connect', 'banner', 'ehlo', 'starttls', 'ehloTls', 'quit']);
    for (const ms of Object.values(result.steps)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(Object.values(result.steps).reduce((a, b) => a + b, 0) - 1);
    expect(commands).toEqual([]);
  });

  it('is ok without STARTTLS when none is expected', async () => {
    const result = await prober.probe({ host: '127.0.0.1', port: plainPort, expectStarttls: false });
    expect(result).toMatchObject({ ok: true, starttls: 'not-offered' });
    expect(result.tls).toBeUndefined();
    expect(Object.keys(result.steps)).toEqual(['connect', 'banner', 'ehlo', 'quit']);
  });

  it('fails a server that does not offer the STARTTLS it should', async () => {
    const result = await prober.probe({ host: '127.0.0.1', port: plainPort, expectStarttls: true });
    expect(result).toMatchObject({ ok: false, starttls: 'not-offered', failedStep: 'starttls', error: 'starttls: expected, but the server does not offer STARTTLS' });
  });

  it('reports a refused connection', async () => {
    const result = await prober.probe({ host: '127.0.0.1', port: await refusedPort(), expectStarttls: true });
    expect(result).toMatchObject({ ok: false, failedStep: 'connect', error: 'connect: connection refused (ECONNREFUSED)', starttls: 'not-reached', steps: {} });
  });

  it('times out on a server that never greets', async () => {
    const silent = await rawServer(() => undefined);
    servers.push(silent);
    const result = await prober.probe({ host: '127.0.0.1', port: silent.port, expectStarttls: false });
    expect(result).toMatchObject({ ok: false, failedStep: 'banner', error: 'banner: no banner within 1500 ms' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(1400);
  });

  it('reports a refusing banner, a server that hangs up and one that does not speak SMTP', async () => {
    const refusing = await rawServer((s) => s.end('554 5.7.1 no service for you\r\n'));
    const hangingUp = await rawServer((s) => s.write('220 hi\r\n', () => s.once('data', () => s.destroy())));
    const http = await rawServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    servers.push(refusing, hangingUp, http);
    expect(await prober.probe({ host: '127.0.0.1', port: refusing.port, expectStarttls: false })).toMatchObject({
      ok: false,
      failedStep: 'banner',
      banner: '554 5.7.1 no service for you',
      error: 'banner: answered 554 5.7.1 no service for you (expected 220)',
    });
    expect(await prober.probe({ host: '127.0.0.1', port: hangingUp.port, expectStarttls: false })).toMatchObject({
      ok: false,
      failedStep: 'ehlo',
      error: 'ehlo: the server closed the connection',
    });
    expect(await prober.probe({ host: '127.0.0.1', port: http.port, expectStarttls: false })).toMatchObject({
      ok: false,
      failedStep: 'banner',
      error: 'banner: not an SMTP reply line: "HTTP/1.1 400 Bad Request"',
    });
  });

  it('reports a TLS handshake that fails', async () => {
    // Offers STARTTLS, says go ahead, then sends plain text instead of a TLS handshake.
    const fake = await rawServer((s) => {
      s.write('220 fake\r\n');
      s.on('data', (d: Buffer) => {
        const line = d.toString();
        if (line.startsWith('EHLO')) s.write('250-fake\r\n250 STARTTLS\r\n');
        else if (line.startsWith('STARTTLS')) s.write('220 go ahead\r\nthis is not tls\r\n');
      });
    });
    servers.push(fake);
    const result = await prober.probe({ host: '127.0.0.1', port: fake.port, expectStarttls: true });
    expect(result).toMatchObject({ ok: false, failedStep: 'starttls', starttls: 'failed' });
    expect(result.error).toMatch(/^starttls: /);
  });
});
