/** A DKIM/DMARC tag list (`v=DKIM1; k=rsa; p=…`) as tag → value, with what was malformed. */
export interface TagList {
  tags: Map<string, string>;
  errors: string[];
}

/** Parses `tag=value; tag=value` (RFC 6376 §3.2): names are lower-cased, values trimmed, empty segments ignored. */
export function parseTagList(record: string): TagList {
  const tags = new Map<string, string>();
  const errors: string[] = [];
  for (const segment of record.split(';')) {
    if (!segment.trim()) continue;
    const eq = segment.indexOf('=');
    if (eq < 0) {
      errors.push(`"${segment.trim()}" is not a tag=value pair`);
      continue;
    }
    const name = segment.slice(0, eq).trim().toLowerCase();
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      errors.push(`"${segment.slice(0, eq).trim()}" is not a valid tag name`);
      continue;
    }
    if (tags.has(name)) errors.push(`${name}= appears twice`);
    else tags.set(name, segment.slice(eq + 1).trim());
  }
  return { tags, errors };
}
