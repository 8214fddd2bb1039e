/** How many failed sign-ins a sliding window tolerates, per address and per client IP. */
export interface ThrottlePolicy {
  maxFailuresPerEmail: number;
  maxFailuresPerIp: number;
  windowMs: number;
}

export type ThrottleVerdict = { blocked: false } | { blocked: true; retryAfterSeconds: number; by: 'email' | 'ip' };

/**
 * Decides whether one more sign-in may be tried, from the times of the other recent failures (newest first) for
 * the address and for the client IP. With `max` failures inside the window the next attempt is refused until the
 * `max`-th newest of them leaves the window; that moment is the Retry-After.
 */
export function throttleVerdict(recent: { email: readonly Date[]; ip: readonly Date[] }, policy: ThrottlePolicy, now: Date): ThrottleVerdict {
  const waits: { by: 'email' | 'ip'; seconds: number }[] = [];
  const check = (by: 'email' | 'ip', times: readonly Date[], max: number) => {
    const inWindow = times.filter((t) => now.getTime() - t.getTime() < policy.windowMs).sort((a, b) => b.getTime() - a.getTime());
    if (inWindow.length < max) return;
    const freedAt = inWindow[max - 1]!.getTime() + policy.windowMs;
    waits.push({ by, seconds: Math.max(1, Math.ceil((freedAt - now.getTime()) / 1000)) });
  };
  check('email', recent.email, policy.maxFailuresPerEmail);
  check('ip', recent.ip, policy.maxFailuresPerIp);
  if (!waits.length) return { blocked: false };
  const longest = waits.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  return { blocked: true, retryAfterSeconds: longest.seconds, by: longest.by };
}
