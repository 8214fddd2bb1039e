import { createHash } from 'node:crypto';

/** One contact of a workspace, named by address (stored lower-cased), by the sender's own id, or both. */
export interface ContactRef {
  email: string | null;
  externalId: string | null;
}

/** What the audit log keeps about the contact of a privacy request: a hash, so an erased address is not kept there. */
export function contactFingerprint(contact: ContactRef): string {
  return createHash('sha256')
    .update(`${contact.email ?? ''}\u001f${contact.externalId ?? ''}`)
    .digest('hex');
}
