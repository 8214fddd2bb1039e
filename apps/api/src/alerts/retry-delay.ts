/** Seconds before the next attempt after `attempts` failed ones: base, 2×base, 4×base … capped at one hour. */
export function retryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(3600, baseSeconds * 2 ** Math.max(0, attempts - 1));
}
