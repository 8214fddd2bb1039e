import { html as parse5Html, parse, type DefaultTreeAdapterTypes } from 'parse5';
import { escapeHtml } from './html-escape';
import { MAX_REF_LENGTH, MessageRef, parseTrackingKey, signToken, TrackingKey } from './tracking-token';

/** `href` value that stands for the message's own unsubscribe page (replaced by its signed link). */
export const UNSUBSCRIBE_PLACEHOLDER = 'mailpulse:unsubscribe';
/** RFC 8058: the body a mailbox provider POSTs, and the value of the List-Unsubscribe-Post header. */
export const ONE_CLICK = 'List-Unsubscribe=One-Click';
/** Targets longer than this are left as they are (an `email.clicked` url may be at most 4096 characters). */
export const MAX_TRACKED_URL_LENGTH = 4096;
/** Optional attribute naming a link in the click events (`<a href="…" data-link-id="cta">`); else `link-<n>`. */
export const LINK_ID_ATTRIBUTE = 'data-link-id';

export interface PrepareMessageInput extends MessageRef {
  html: string;
  /** Where the tracking endpoints are served, e.g. `https://t.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** The workspace's tracking key (`mp_track_v…`), or the key itself. */
  secret: string | TrackingKey;
  /** Address for the `mailto:` alternative in List-Unsubscribe (with or without `mailto:`). */
  unsubscribeMailto?: string;
}

export interface ListUnsubscribeHeaders {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': typeof ONE_CLICK;
}

export interface PreparedMessage {
  html: string;
  headers: ListUnsubscribeHeaders;
}

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** `https://host/prefix` without a trailing slash, query or fragment; throws when it is not an http(s) URL. */
export function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`baseUrl: must be an absolute http(s) URL (got "${baseUrl}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`baseUrl: must be an http(s) URL (got "${baseUrl}")`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export const openPixelUrl = (base: string, token: string) => `${base}/t/o/${token}.gif`;
export const clickUrl = (base: string, token: string) => `${base}/t/c/${token}`;
export const unsubscribeUrl = (base: string, token: string) => `${base}/t/u/${token}`;

function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

function childElements(node: Node): Element[] {
  const children = 'childNodes' in node ? node.childNodes : [];
  const inTemplate = isElement(node) && 'content' in node ? (node as DefaultTreeAdapterTypes.Template).content.childNodes : [];
  return [...children, ...inTemplate].filter(isElement);
}

function* htmlAnchors(node: Node): Generator<Element> {
  for (const child of childElements(node)) {
    if (child.tagName === 'a' && child.namespaceURI === parse5Html.NS.HTML) yield child;
    yield* htmlAnchors(child);
  }
}

/** The absolute http(s) URL a link should be tracked to, or null to leave the link alone. */
function trackableTarget(href: string, base: string): string | null {
  if (!/^https?:\/\//i.test(href)) return null; // mailto:, tel:, #anchors, relative and template links
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  // Normalised (host lower-cased, non-ASCII percent-encoded) so it is a valid Location header and event url.
  const target = url.href;
  if (target.length > MAX_TRACKED_URL_LENGTH) return null;
  if (target.startsWith(`${base}/t/`)) return null; // already a tracking link
  return target;
}

function attribute(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

/** Where the pixel goes: before `</body>`, else before `</html>`, else at the very end. */
function pixelOffset(doc: DefaultTreeAdapterTypes.Document, html: string): number {
  const root = childElements(doc).find((e) => e.tagName === 'html');
  const body = root && childElements(root).find((e) => e.tagName === 'body');
  return body?.sourceCodeLocation?.endTag?.startOffset ?? root?.sourceCodeLocation?.endTag?.startOffset ?? html.length;
}

export function listUnsubscribeHeaders(unsubscribeLink: string, mailto?: string): ListUnsubscribeHeaders {
  const address = mailto?.trim().replace(/^mailto:/i, '');
  return {
    'List-Unsubscribe': address ? `<${unsubscribeLink}>, <mailto:${address}>` : `<${unsubscribeLink}>`,
    'List-Unsubscribe-Post': ONE_CLICK,
  };
}

/**
 * Makes an HTML message trackable: a signed open pixel before `</body>`, every absolute http(s) link
 * rewritten to a signed click link (mailto:, tel:, anchors, relative and already-tracked links are left
 * alone), `href="mailpulse:unsubscribe"` turned into the message's unsubscribe link, and the RFC 8058
 * List-Unsubscribe headers. The HTML is parsed with parse5 and edited only at the `href` attributes it
 * rewrites and where the pixel goes; every other byte of the input is kept as written.
 */
export function prepareMessage(input: PrepareMessageInput): PreparedMessage {
  const key = typeof input.secret === 'string' ? parseTrackingKey(input.secret) : input.secret;
  const base = normalizeBaseUrl(input.baseUrl);
  const ref: MessageRef = {
    workspaceId: input.workspaceId,
    messageId: input.messageId,
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    ...(input.contactEmail ? { contactEmail: input.contactEmail.toLowerCase() } : {}),
    ...(input.variant ? { variant: input.variant } : {}),
  };
  const unsubscribeLink = unsubscribeUrl(base, signToken({ ...ref, kind: 'unsubscribe' }, key));

  // A byte-order mark is the decoder's business, not the tokenizer's: parse after it, offsets shifted past it.
  const bom = input.html.charCodeAt(0) === 0xfeff ? 1 : 0;
  const source = input.html.slice(bom);
  const doc = parse(source, { sourceCodeLocationInfo: true });
  // Keyed by offset: the parser may clone a misnested <a>, and each source attribute is rewritten once.
  const edits = new Map<number, Edit>();
  let linkNumber = 0;
  for (const anchor of htmlAnchors(doc)) {
    const location = anchor.sourceCodeLocation?.attrs?.['href'];
    if (!location || edits.has(location.startOffset)) continue;
    const href = attribute(anchor, 'href')!.trim();
    let replacement: string | null = null;
    if (href.toLowerCase() === UNSUBSCRIBE_PLACEHOLDER) {
      replacement = unsubscribeLink;
    } else {
      const url = trackableTarget(href, base);
      if (url) {
        linkNumber++;
        const named = attribute(anchor, LINK_ID_ATTRIBUTE)?.trim();
        const linkId = named && named.length <= MAX_REF_LENGTH ? named : `link-${linkNumber}`;
        replacement = clickUrl(base, signToken({ ...ref, kind: 'click', url, linkId }, key));
      }
    }
    if (replacement) edits.set(location.startOffset, { start: bom + location.startOffset, end: bom + location.endOffset, text: `href="${escapeHtml(replacement)}"` });
  }
  const pixelAt = bom + pixelOffset(doc, source);
  const pixel = `<img src="${escapeHtml(openPixelUrl(base, signToken({ ...ref, kind: 'open' }, key)))}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />`;
  edits.set(-1, { start: pixelAt, end: pixelAt, text: pixel });

  let out = '';
  let from = 0;
  for (const edit of [...edits.values()].sort((a, b) => a.start - b.start)) {
    out += input.html.slice(from, edit.start) + edit.text;
    from = edit.end;
  }
  out += input.html.slice(from);
  return { html: out, headers: listUnsubscribeHeaders(unsubscribeLink, input.unsubscribeMailto) };
}
