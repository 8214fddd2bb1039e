/** One complete SMTP reply: its code and the text of each line (RFC 5321 §4.2). */
export interface SmtpReply {
  code: number;
  lines: string[];
}

/** A server that does not speak SMTP (or sends without end): the probe reports it and hangs up. */
export class SmtpProtocolError extends Error {}

const MAX_BUFFERED = 64 * 1024;

/**
 * Splits what a server sends into replies: `250-first` lines continue a reply, `250 last` (or a bare `250`)
 * ends it. Lines may end in CRLF or LF. Pure, so it is tested on byte-split input.
 */
export class SmtpReplyParser {
  private buffer = '';
  private pending: { code: number; lines: string[] } | null = null;

  /** Feeds received text; returns the replies it completed, in order. */
  push(chunk: string): SmtpReply[] {
    this.buffer += chunk;
    if (this.buffer.length > MAX_BUFFERED) throw new SmtpProtocolError(`reply longer than ${MAX_BUFFERED} bytes`);
    const replies: SmtpReply[] = [];
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      const m = /^([2-5]\d\d)([ -]|$)(.*)$/.exec(line);
      if (!m) throw new SmtpProtocolError(`not an SMTP reply line: "${line.slice(0, 80)}"`);
      const code = Number(m[1]);
      if (this.pending && this.pending.code !== code) throw new SmtpProtocolError(`reply code changed from ${this.pending.code} to ${code} within one reply`);
      this.pending ??= { code, lines: [] };
      this.pending.lines.push(m[3]!);
      if (m[2] !== '-') {
        replies.push(this.pending);
        this.pending = null;
      }
    }
    return replies;
  }
}

/** The EHLO keywords a reply advertises, upper-cased (`STARTTLS`, `SIZE`, `PIPELINING`, …). */
export function ehloKeywords(reply: SmtpReply): Set<string> {
  return new Set(reply.lines.slice(1).map((l) => l.trim().split(/\s+/)[0]!.toUpperCase()).filter(Boolean));
}

/** A reply as text for a report: `554 5.7.1 go away`. */
export function describeReply(reply: SmtpReply): string {
  return `${reply.code} ${reply.lines.join(' ').trim()}`.trim().slice(0, 300);
}
