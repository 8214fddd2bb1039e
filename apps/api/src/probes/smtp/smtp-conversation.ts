import { connect as connectTcp, isIP, Socket } from 'node:net';
import { connect as connectTls, DetailedPeerCertificate, TLSSocket } from 'node:tls';
import { SmtpReply, SmtpReplyParser } from './smtp-reply.parser';

/** What the TLS handshake after STARTTLS showed. Untrusted certificates are accepted and reported here. */
export interface TlsFacts {
  protocol: string | null;
  cipher: string | null;
  /** The certificate chains to a trusted root and names the host. */
  authorized: boolean;
  /** Why not, e.g. `DEPTH_ZERO_SELF_SIGNED_CERT`, `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`. */
  authorizationError?: string;
  selfSigned: boolean;
  certificateSubject?: string;
  certificateIssuer?: string;
  certificateValidTo?: string;
}

const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN']);

/** A certificate that is its own issuer (node links a self-signed certificate's issuerCertificate to itself). */
function isSelfIssued(cert: DetailedPeerCertificate | undefined): boolean {
  if (!cert?.fingerprint256) return false;
  return cert.issuerCertificate?.fingerprint256 === cert.fingerprint256;
}

/**
 * One SMTP connection as a sequence of awaited replies: every wait ends with the reply, the connection's
 * error or close, or a timeout. It only reads replies and writes commands; what to send is the prober's.
 */
export class SmtpConversation {
  private readonly parser = new SmtpReplyParser();
  private readonly replies: SmtpReply[] = [];
  private failure: Error | null = null;
  private waiter: { settle: (value: unknown) => void; fail: (err: Error) => void } | null = null;
  private deliver: ((reply: SmtpReply) => void) | null = null;

  private readonly onData = (data: Buffer) => {
    try {
      this.replies.push(...this.parser.push(data.toString('latin1')));
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    if (this.deliver && this.replies.length) this.deliver(this.replies.shift()!);
  };
  private readonly onError = (err: Error) => this.fail(err);
  private readonly onClose = () => this.fail(new Error('the server closed the connection'));

  private constructor(
    private readonly socket: Socket | TLSSocket,
    private readonly timeoutMs: number,
  ) {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  /** Opens a TCP connection; resolves once it is established. */
  static async connect(host: string, port: number, timeoutMs: number): Promise<SmtpConversation> {
    const socket = connectTcp({ host, port });
    const conversation = new SmtpConversation(socket, timeoutMs);
    try {
      await conversation.wait('connection', (done) => socket.once('connect', done));
    } catch (err) {
      conversation.close();
      throw err;
    }
    return conversation;
  }

  /** The next reply from the server. */
  read(what: string): Promise<SmtpReply> {
    const next = this.replies.shift();
    if (next) return Promise.resolve(next);
    return this.wait<SmtpReply>(what, (done) => (this.deliver = done));
  }

  /** Sends one command line and reads its reply. */
  command(line: string, what = `reply to ${line.split(' ')[0]}`): Promise<SmtpReply> {
    this.socket.write(`${line}\r\n`);
    return this.read(what);
  }

  /**
   * Hands the connection to TLS after a `220` to STARTTLS and returns the conversation on top of it. Any
   * certificate is accepted (a probe must reach the server to report on it); whether it is trusted is in the facts.
   */
  async startTls(host: string): Promise<{ conversation: SmtpConversation; tls: TlsFacts }> {
    this.detach();
    this.socket.on('error', () => undefined); // errors surface on the TLS socket from here on
    const secure = connectTls({ socket: this.socket, host, servername: isIP(host) ? undefined : host, rejectUnauthorized: false });
    const conversation = new SmtpConversation(secure, this.timeoutMs);
    try {
      await conversation.wait('TLS handshake', (done) => secure.once('secureConnect', done));
    } catch (err) {
      conversation.close();
      throw err;
    }
    const cert = secure.getPeerCertificate(true);
    // Typed as an Error, but node sets the OpenSSL code as a string (e.g. DEPTH_ZERO_SELF_SIGNED_CERT).
    const rawError = secure.authorizationError as unknown;
    const authorizationError = rawError ? (typeof rawError === 'string' ? rawError : ((rawError as { code?: string }).code ?? String(rawError))) : undefined;
    const tls: TlsFacts = {
      protocol: secure.getProtocol(),
      cipher: secure.getCipher()?.name ?? null,
      authorized: secure.authorized,
      ...(authorizationError ? { authorizationError } : {}),
      // OpenSSL names one problem only (an expired self-signed certificate says CERT_HAS_EXPIRED), so look too.
      selfSigned: (authorizationError !== undefined && SELF_SIGNED.has(authorizationError)) || isSelfIssued(cert),
      ...(cert?.subject?.CN ? { certificateSubject: String(cert.subject.CN) } : {}),
      ...(cert?.issuer?.CN ? { certificateIssuer: String(cert.issuer.CN) } : {}),
      ...(cert?.valid_to ? { certificateValidTo: new Date(cert.valid_to).toISOString() } : {}),
    };
    return { conversation, tls };
  }

  close(): void {
    this.detach();
    this.socket.on('error', () => undefined);
    this.socket.destroy();
  }

  private detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onError);
    this.socket.off('close', this.onClose);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.waiter?.fail(err);
  }

  /** Waits for `start`'s callback, the connection failing, or the timeout, whichever is first. */
  private wait<T>(what: string, start: (done: (value: T) => void) => void): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const end = (settle: () => void) => {
        if (settled) return; // a late 'connect' after a timeout, say
        settled = true;
        clearTimeout(timer);
        if (this.waiter === waiter) {
          this.waiter = null;
          this.deliver = null;
        }
        settle();
      };
      const waiter = { settle: (value: unknown) => end(() => resolve(value as T)), fail: (err: Error) => end(() => reject(err)) };
      const timer = setTimeout(() => waiter.fail(new Error(`no ${what} within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.waiter = waiter;
      start((value) => waiter.settle(value));
    });
  }
}
