/**
 * The text fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body, by name (the first
 * value of a repeated name). File parts (a `filename` in their Content-Disposition) are skipped. Null when the
 * content type is neither, or a multipart body has no boundary.
 */
export function formFields(contentType: string, raw: Buffer): Record<string, string> | null {
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    const fields: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(raw.toString('utf8'))) if (!(name in fields)) fields[name] = value;
    return fields;
  }
  if (!/^multipart\/form-data\b/i.test(contentType)) return null;
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return null;
  const fields: Record<string, string> = {};
  const body = raw.toString('utf8');
  for (const part of body.split(`--${mark}`).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const disposition = /^content-disposition:\s*form-data([^\r\n]*)/im.exec(head)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || /;\s*filename\*?=/i.test(disposition) || name in fields) continue;
    fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}
