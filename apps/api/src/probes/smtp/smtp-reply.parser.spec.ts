import { describeReply, ehloKeywords, SmtpProtocolError, SmtpReplyParser } from './smtp-reply.parser';

describe('SmtpReplyParser', () => {
  it('joins multi-line replies and ends them on a space or a bare code', () => {
    const parser = new SmtpReplyParser();
    expect(parser.push('220 mx.example.com ESMTP ready\r\n250-mx.example.com\r\n250-SIZE 1000\r\n250 STARTTLS\r\n221\r\n')).toEqual([
      { code: 220, lines: ['mx.example.com ESMTP ready'] },
      { code: 250, lines: ['mx.example.com', 'SIZE 1000', 'STARTTLS'] },
      { code: 221, lines: [''] },
    ]);
  });

  it('handles replies split anywhere across chunks, and bare LF line ends', () => {
    const text = '250-first\n250-second\r\n250 last\r\n';
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new SmtpReplyParser();
      const replies = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(replies).toEqual([{ code: 250, lines: ['first', 'second', 'last'] }]);
    }
  });

  it.each([
    ['HTTP/1.1 400 Bad Request\r\n', /not an SMTP reply line: "HTTP\/1.1 400 Bad Request"/],
    ['SSH-2.0-OpenSSH_9.6\r\n', /not an SMTP reply line/],
    ['99 short\r\n', /not an SMTP reply line/],
    ['250-one\r\n550 two\r\n', /reply code changed from 250 to 550/],
  ])('rejects %j', (text, error) => {
    expect(() => new SmtpReplyParser().push(text)).toThrow(error);
    expect(() => new SmtpReplyParser().push(text)).toThrow(SmtpProtocolError);
  });

  it('refuses to buffer without end', () => {
    const parser = new SmtpReplyParser();
    expect(() => parser.push('2'.repeat(70_000))).toThrow(/longer than/);
  });
});

describe('ehloKeywords', () => {
  it('reads the keywords after the greeting line, upper-cased', () => {
    expect(ehloKeywords({ code: 250, lines: ['mx.example.com greets you', 'size 1000', 'STARTTLS', '8BITMIME'] })).toEqual(new Set(['SIZE', 'STARTTLS', '8BITMIME']));
    expect(ehloKeywords({ code: 250, lines: ['STARTTLS'] }).size).toBe(0);
  });
});

describe('describeReply', () => {
  it('is the code and the text', () => {
    expect(describeReply({ code: 554, lines: ['5.7.1 go', 'away'] })).toBe('554 5.7.1 go away');
  });
});
