import { createHash, timingSafeEqual } from 'node:crypto';

/** A verifier's verdict; `missing` tells "no credentials sent" from "wrong credentials" in the 401. */
export type VerificationResult = { ok: true } | { ok: false; missing: boolean; reason: string };

export const VERIFIED: VerificationResult = { ok: true };

export function refused(reason: string, missing = false): VerificationResult {
  return { ok: false, missing, reason };
}

/** Constant-time equality of two strings of any length (compares their SHA-256 digests). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
