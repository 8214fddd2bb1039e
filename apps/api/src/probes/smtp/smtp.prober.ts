import { Inject, Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { SmtpConversation, TlsFacts } from './smtp-conversation';
import { describeReply, ehloKeywords, SmtpReply } from './smtp-reply.parser';

export interface SmtpProbeTarget {
  host: string;
  port: number;
  /** A server that does not offer STARTTLS fails the probe. */
  expectStarttls: boolean;
}

/** The steps of a probe, in order; `ehloTls` is the EHLO repeated inside TLS. */
export type SmtpStep = 'connect' | 'banner' | 'ehlo' | 'starttls' | 'ehloTls' | 'quit';

export interface SmtpProbeResult {
  host: string;
  port: number;
  ok: boolean;
  /** From the start of the connection to the answer to QUIT (or to the failure). */
  latencyMs: number;
  /** Milliseconds each completed step took. */
  steps: Partial<Record<SmtpStep, number>>;
  banner?: string;
  starttls: 'upgraded' | 'not-offered' | 'failed' | 'not-reached';
  tls?: TlsFacts;
  failedStep?: SmtpStep;
  error?: string;
}

const ERROR_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'the host name does not resolve',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
};

function expectCode(reply: SmtpReply, code: number): SmtpReply {
  if (reply.code !== code) throw new Error(`answered ${describeReply(reply)} (expected ${code})`);
  return reply;
}

function describeError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code && ERROR_WORDS[code]) return `${ERROR_WORDS[code]} (${code})`;
  return (err as Error).message;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * Probes an SMTP server the way a sending MTA meets it, and sends no mail: connect, banner, EHLO, STARTTLS when
 * offered (then EHLO again inside TLS), QUIT, timing each step. Each wait is bounded by PROBE_TIMEOUT_MS.
 */
@Injectable()
export class SmtpProber {
  private readonly ehloName: string;
  private readonly timeoutMs: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ehloName = config.PROBE_EHLO_NAME ?? hostname();
    this.timeoutMs = config.PROBE_TIMEOUT_MS;
  }

  async probe(target: SmtpProbeTarget): Promise<SmtpProbeResult> {
    const result: SmtpProbeResult = { host: target.host, port: target.port, ok: false, latencyMs: 0, steps: {}, starttls: 'not-reached' };
    const progress: { step: SmtpStep } = { step: 'connect' };
    const timed = async <T>(step: SmtpStep, run: () => Promise<T>): Promise<T> => {
      progress.step = step;
      const started = performance.now();
      const value = await run();
      result.steps[step] = round(performance.now() - started);
      return value;
    };
    const started = performance.now();
    let conversation: SmtpConversation | undefined;
    try {
      let smtp = await timed('connect', () => SmtpConversation.connect(target.host, target.port, this.timeoutMs));
      conversation = smtp;
      const banner = await timed('banner', () => smtp.read('banner'));
      result.banner = describeReply(banner);
      expectCode(banner, 220);
      const ehlo = await timed('ehlo', () => smtp.command(`EHLO ${this.ehloName}`).then((r) => expectCode(r, 250)));

      if (ehloKeywords(ehlo).has('STARTTLS')) {
        result.starttls = 'failed';
        const upgraded = await timed('starttls', async () => {
          expectCode(await smtp.command('STARTTLS'), 220);
          return smtp.startTls(target.host);
        });
        smtp = conversation = upgraded.conversation;
        result.tls = upgraded.tls;
        result.starttls = 'upgraded';
        await timed('ehloTls', () => smtp.command(`EHLO ${this.ehloName}`).then((r) => expectCode(r, 250)));
      } else {
        result.starttls = 'not-offered';
        if (target.expectStarttls) {
          result.failedStep = 'starttls';
          result.error = 'starttls: expected, but the server does not offer STARTTLS';
        }
      }

      try {
        await timed('quit', () => smtp.command('QUIT'));
      } catch {
        // A server that hangs up on QUIT without a 221 has still answered everything that matters.
      }
      result.ok = result.error === undefined;
    } catch (err) {
      result.failedStep = progress.step;
      result.error = `${progress.step}: ${describeError(err)}`;
    } finally {
      conversation?.close();
      result.latencyMs = round(performance.now() - started);
    }
    return result;
  }
}
