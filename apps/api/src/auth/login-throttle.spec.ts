import { ThrottlePolicy, throttleVerdict } from './login-throttle';

const policy: ThrottlePolicy = { maxFailuresPerEmail: 5, maxFailuresPerIp: 20, windowMs: 15 * 60_000 };
const now = new Date('2026-11-22T12:00:00Z');
/** Failures `minutesAgo` before now, newest first as the repository returns them. */
const ago = (...minutesAgo: number[]) => minutesAgo.map((m) => new Date(now.getTime() - m * 60_000));

describe('throttleVerdict', () => {
  it('lets the first attempts through', () => {
    expect(throttleVerdict({ email: [], ip: [] }, policy, now)).toEqual({ blocked: false });
  });

  it('lets a fifth attempt through after four failures', () => {
    expect(throttleVerdict({ email: ago(1, 2, 3, 4), ip: ago(1, 2, 3, 4) }, policy, now)).toEqual({ blocked: false });
  });

  it('refuses the sixth attempt after five failures, until the fifth newest leaves the window', () => {
    // Failures 1..5 minutes ago: the one 5 minutes ago leaves the 15-minute window in 10 minutes.
    expect(throttleVerdict({ email: ago(1, 2, 3, 4, 5), ip: [] }, policy, now)).toEqual({ blocked: true, retryAfterSeconds: 600, by: 'email' });
  });

  it('counts only failures inside the window', () => {
    expect(throttleVerdict({ email: ago(1, 2, 3, 4, 15, 16, 30), ip: [] }, policy, now)).toEqual({ blocked: false });
  });

  it('frees the address as soon as enough failures age out (sliding, not fixed, window)', () => {
    const failures = ago(14.5, 14.6, 14.7, 14.8, 14.9);
    const verdict = throttleVerdict({ email: failures, ip: [] }, policy, now);
    // The fifth newest failure (14.9 minutes ago) leaves the window in 6 s.
    expect(verdict).toEqual({ blocked: true, retryAfterSeconds: 6, by: 'email' });
    expect(throttleVerdict({ email: failures, ip: [] }, policy, new Date(now.getTime() + 5_000))).toMatchObject({ blocked: true });
    expect(throttleVerdict({ email: failures, ip: [] }, policy, new Date(now.getTime() + 6_000))).toEqual({ blocked: false });
  });

  it('uses the max-th newest failure, whatever order the times come in', () => {
    expect(throttleVerdict({ email: ago(9, 1, 7, 3, 5, 2), ip: [] }, policy, now)).toEqual({ blocked: true, retryAfterSeconds: 8 * 60, by: 'email' });
  });

  it('refuses a client IP that keeps failing across many addresses', () => {
    const ip = ago(...Array.from({ length: 20 }, (_, i) => i * 0.5));
    expect(throttleVerdict({ email: ago(1), ip }, policy, now)).toEqual({ blocked: true, retryAfterSeconds: 15 * 60 - 9.5 * 60, by: 'ip' });
  });

  it('reports the longer wait when both the address and the IP are over', () => {
    const verdict = throttleVerdict({ email: ago(1, 1, 1, 1, 1), ip: ago(...Array.from({ length: 20 }, () => 10)) }, policy, now);
    expect(verdict).toEqual({ blocked: true, retryAfterSeconds: 14 * 60, by: 'email' });
  });

  it('never answers a Retry-After below one second', () => {
    const edge = [new Date(now.getTime() - policy.windowMs + 1), ...ago(1, 1, 1, 1)];
    expect(throttleVerdict({ email: edge, ip: [] }, policy, now)).toMatchObject({ blocked: true, retryAfterSeconds: 1 });
  });

  it('follows the configured limit', () => {
    const strict = { ...policy, maxFailuresPerEmail: 1 };
    expect(throttleVerdict({ email: ago(3), ip: [] }, strict, now)).toEqual({ blocked: true, retryAfterSeconds: 12 * 60, by: 'email' });
  });
});
