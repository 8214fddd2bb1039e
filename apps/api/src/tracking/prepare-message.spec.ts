import { prepareMessage, PrepareMessageInput } from './prepare-message';
import { decodeToken, formatTrackingKey, TrackingClaims, TrackingKey } from './tracking-token';

const WS = '0b7c7a2e-5d7b-4d55-9a52-0f3c2c7e9a11';
const key: TrackingKey = { version: 3, secret: Buffer.alloc(32, 5) };
const BASE = 'https://t.example.com';
const input = (html: string, more: Partial<PrepareMessageInput> = {}): PrepareMessageInput => ({
  html,
  workspaceId: WS,
  messageId: 'msg-1',
  campaignId: 'spring',
  contactEmail: 'Ada@Example.com',
  variant: 'A',
  baseUrl: `${BASE}/`,
  secret: key,
  ...more,
});

const CLICK_HREF = /href="https:\/\/t\.example\.com\/t\/c\/([^"]+)"/g;
const claimsOf = (token: string): TrackingClaims => decodeToken(token)!.claims;
/** The click links of the output, decoded: [url, linkId] in document order. */
function clicks(html: string): [string, string | undefined][] {
  return [...html.matchAll(CLICK_HREF)].filter((m) => decodeToken(m[1]!)).map((m) => {
    const c = claimsOf(m[1]!);
    if (c.kind !== 'click') throw new Error(`not a click token: ${c.kind}`);
    return [c.url, c.linkId];
  });
}
const PIXEL = /<img src="https:\/\/t\.example\.com\/t\/o\/([^"]+)\.gif" width="1" height="1" alt="" style="[^"]*" \/>/;
/** The output with the pixel and every rewritten href put back to a marker, to compare with the input. */
const withoutTracking = (html: string) =>
  html.replace(PIXEL, '[PIXEL]').replace(CLICK_HREF, (whole, token: string) => (decodeToken(token) ? 'href="[TRACKED]"' : whole));

describe('prepareMessage', () => {
  it.each([
    ['double quotes', '<a href="https://a.example/x">x</a>', '<a href="[TRACKED]">x</a>', [['https://a.example/x', 'link-1']]],
    ['single quotes', "<a href='https://a.example/x'>x</a>", '<a href="[TRACKED]">x</a>', [['https://a.example/x', 'link-1']]],
    ['no quotes', '<a href=https://a.example/x>x</a>', '<a href="[TRACKED]">x</a>', [['https://a.example/x', 'link-1']]],
    ['entities in the URL', '<a href="https://a.example/?a=1&amp;b=2&#38;c=3">x</a>', '<a href="[TRACKED]">x</a>', [['https://a.example/?a=1&b=2&c=3', 'link-1']]],
    ['upper-case tags, attributes and scheme', '<A HREF="HTTPS://A.EXAMPLE/Path">x</A>', '<A href="[TRACKED]">x</A>', [['https://a.example/Path', 'link-1']]],
    [
      'query strings and fragments',
      '<a href="https://a.example/p?utm_source=mail&amp;q=a%20b#reviews">x</a>',
      '<a href="[TRACKED]">x</a>',
      [['https://a.example/p?utm_source=mail&q=a%20b#reviews', 'link-1']],
    ],
    ['spaces around the URL', '<a href="  https://a.example/  ">x</a>', '<a href="[TRACKED]">x</a>', [['https://a.example/', 'link-1']]],
    ['http links', '<a href="http://a.example">x</a>', '<a href="[TRACKED]">x</a>', [['http://a.example/', 'link-1']]],
    ['non-ASCII URLs, percent-encoded', '<a href="https://bücher.example/straße?q=ü">x</a>', '<a href="[TRACKED]">x</a>', [['https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%BC', 'link-1']]],
    [
      'the other attributes, kept as written',
      `<a class="btn" HREF="https://a.example" style='color:red' target=_blank data-x="1">x</a>`,
      `<a class="btn" href="[TRACKED]" style='color:red' target=_blank data-x="1">x</a>`,
      [['https://a.example/', 'link-1']],
    ],
    [
      'link ids from data-link-id, else by position',
      '<a href="https://a.example/1">1</a><a data-link-id="cta" href="https://a.example/2">2</a><a href="https://a.example/3">3</a>',
      '<a href="[TRACKED]">1</a><a data-link-id="cta" href="[TRACKED]">2</a><a href="[TRACKED]">3</a>',
      [
        ['https://a.example/1', 'link-1'],
        ['https://a.example/2', 'cta'],
        ['https://a.example/3', 'link-3'],
      ],
    ],
    ['mailto: untouched', '<a href="mailto:ada@example.com?subject=Hi">m</a>', '<a href="mailto:ada@example.com?subject=Hi">m</a>', []],
    ['tel: untouched', '<a href="tel:+441234567">t</a>', '<a href="tel:+441234567">t</a>', []],
    ['anchors untouched', '<a href="#top">up</a><a name="top"></a>', '<a href="#top">up</a><a name="top"></a>', []],
    ['relative links untouched', '<a href="/account">a</a><a href="//cdn.example/x">b</a>', '<a href="/account">a</a><a href="//cdn.example/x">b</a>', []],
    ['javascript: untouched', '<a href="javascript:void(0)">j</a>', '<a href="javascript:void(0)">j</a>', []],
    ['template placeholders untouched', '<a href="{{ unsubscribe_url }}">u</a>', '<a href="{{ unsubscribe_url }}">u</a>', []],
    ['an unparseable URL untouched', '<a href="https://exa mple.com/">u</a>', '<a href="https://exa mple.com/">u</a>', []],
    ['an empty href untouched', '<a href="">e</a><a>none</a>', '<a href="">e</a><a>none</a>', []],
    [
      'already-tracked links untouched',
      '<a href="https://t.example.com/t/c/1.abc.def">x</a>',
      '<a href="https://t.example.com/t/c/1.abc.def">x</a>',
      [],
    ],
    [
      'links inside comments, Outlook conditionals, scripts, styles and attribute values untouched',
      '<!-- <a href="https://a.example/c">c</a> --><!--[if mso]><a href="https://a.example/mso">o</a><![endif]--><script>"<a href=\'https://a.example/s\'>"</script><style>/* <a href="https://a.example/st"> */</style><img alt=\'<a href="https://a.example/i">\'>',
      '<!-- <a href="https://a.example/c">c</a> --><!--[if mso]><a href="https://a.example/mso">o</a><![endif]--><script>"<a href=\'https://a.example/s\'>"</script><style>/* <a href="https://a.example/st"> */</style><img alt=\'<a href="https://a.example/i">\'>',
      [],
    ],
    ['an <area> or <link> href untouched (only <a> links)', '<link href="https://a.example/css"><map><area href="https://a.example/a"></map>', '<link href="https://a.example/css"><map><area href="https://a.example/a"></map>', []],
    ['a misnested link rewritten once', '<b><a href="https://a.example/m"><p>x</b>y</a>', '<b><a href="[TRACKED]"><p>x</b>y</a>', [['https://a.example/m', 'link-1']]],
  ])('links: %s', (_name, html, expected, targets) => {
    const out = prepareMessage(input(html)).html;
    expect(withoutTracking(out)).toBe(`${expected}[PIXEL]`);
    expect(clicks(out)).toEqual(targets);
  });

  it.each([
    ['before </body>', '<html><body><p>Hi</p></body></html>', '<html><body><p>Hi</p>[PIXEL]</body></html>'],
    ['before an upper-case </BODY>', '<HTML><BODY><p>Hi</p></BODY></HTML>', '<HTML><BODY><p>Hi</p>[PIXEL]</BODY></HTML>'],
    ['before </html> when there is no </body>', '<html><body><p>Hi</p></html>', '<html><body><p>Hi</p>[PIXEL]</html>'],
    ['at the end without a body tag', '<p>Hi</p>', '<p>Hi</p>[PIXEL]'],
    ['at the end of an empty message', '', '[PIXEL]'],
    ['before the real </body>, not one inside a comment', '<body><!-- </body> --><p>x</p></body>\n', '<body><!-- </body> --><p>x</p>[PIXEL]</body>\n'],
    ['with CRLF line ends and a byte-order mark kept', '\uFEFF<html>\r\n<body>\r\n<p>\u00e9\u{1F600}</p>\r\n</body>\r\n</html>', '\uFEFF<html>\r\n<body>\r\n<p>\u00e9\u{1F600}</p>\r\n[PIXEL]</body>\r\n</html>'],
  ])('pixel: %s', (_name, html, expected) => {
    const out = prepareMessage(input(html)).html;
    expect(withoutTracking(out)).toBe(expected);
    const token = PIXEL.exec(out)![1]!;
    expect(claimsOf(token)).toEqual({ kind: 'open', workspaceId: WS, messageId: 'msg-1', campaignId: 'spring', contactEmail: 'ada@example.com', variant: 'A' });
  });

  it('keeps every byte outside the rewritten hrefs and the pixel', () => {
    const html = '<!doctype html>\n<html><head><meta charset="utf-8"><title>T &amp; C</title></head>\n<body style="margin:0">\n  <table role="presentation"><tr><td>\n    <a href="https://a.example/x?y=1&amp;z=2" class="b">Buy &rarr;</a>\n  </td></tr></table>\n</body>\n</html>\n';
    const out = prepareMessage(input(html)).html;
    expect(withoutTracking(out)).toBe(html.replace('href="https://a.example/x?y=1&amp;z=2"', 'href="[TRACKED]"').replace('</body>', '[PIXEL]</body>'));
  });

  it('signs every link for the message: workspace, message, campaign, lower-cased contact, variant', () => {
    const out = prepareMessage(input('<a href="https://a.example/">x</a>')).html;
    const token = [...out.matchAll(CLICK_HREF)][0]![1]!;
    expect(decodeToken(token)).toMatchObject({ workspaceId: WS, keyVersion: 3 });
    expect(claimsOf(token)).toEqual({ kind: 'click', workspaceId: WS, messageId: 'msg-1', campaignId: 'spring', contactEmail: 'ada@example.com', variant: 'A', url: 'https://a.example/', linkId: 'link-1' });
  });

  it('leaves campaign, contact and variant out of the tokens when they are not given', () => {
    const out = prepareMessage(input('<p>x</p>', { campaignId: undefined, contactEmail: undefined, variant: undefined })).html;
    expect(claimsOf(PIXEL.exec(out)![1]!)).toEqual({ kind: 'open', workspaceId: WS, messageId: 'msg-1' });
  });

  it('turns href="mailpulse:unsubscribe" into the unsubscribe link of the List-Unsubscribe header', () => {
    const { html, headers } = prepareMessage(input('<a href="mailpulse:unsubscribe">Unsubscribe</a>'));
    const link = /^<([^>]+)>$/.exec(headers['List-Unsubscribe'])![1]!;
    expect(html).toContain(`<a href="${link}">Unsubscribe</a>`);
    expect(claimsOf(link.split('/t/u/')[1]!).kind).toBe('unsubscribe');
  });

  it('adds the RFC 8058 headers, with the mailto alternative when given', () => {
    expect(prepareMessage(input('')).headers).toEqual({
      'List-Unsubscribe': expect.stringMatching(/^<https:\/\/t\.example\.com\/t\/u\/1\.[\w-]+\.[\w-]{22}>$/),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    for (const mailto of ['unsub@example.com', 'mailto:unsub@example.com']) {
      expect(prepareMessage(input('', { unsubscribeMailto: mailto })).headers['List-Unsubscribe']).toMatch(/^<https:\/\/t\.example\.com\/t\/u\/[^>]+>, <mailto:unsub@example\.com>$/);
    }
  });

  it('keeps a path prefix of the base URL', () => {
    const out = prepareMessage(input('<a href="https://a.example/">x</a><a href="https://mail.example/track/t/c/1.a.b">y</a>', { baseUrl: 'https://mail.example/track/' })).html;
    expect(out).toContain('href="https://mail.example/track/t/c/1.');
    expect(out).toContain('href="https://mail.example/track/t/c/1.a.b"');
    expect(out).toContain('src="https://mail.example/track/t/o/1.');
  });

  it('takes the key as text (mp_track_v…)', () => {
    const out = prepareMessage(input('<p>x</p>', { secret: formatTrackingKey(key) })).html;
    expect(decodeToken(PIXEL.exec(out)![1]!)?.keyVersion).toBe(3);
  });

  it.each([
    ['a relative base URL', { baseUrl: '/t' }, /baseUrl: must be an absolute http\(s\) URL/],
    ['a base URL of another scheme', { baseUrl: 'ftp://t.example.com' }, /baseUrl: must be an http\(s\) URL/],
    ['a malformed key', { secret: 'not-a-key' }, /mp_track_v<version>_/],
  ])('refuses %s', (_name, more, error) => {
    expect(() => prepareMessage(input('<p>x</p>', more))).toThrow(error);
  });
});
