/** The part of jStat (no published types) that the statistics use. */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, a: number, b: number): number;
    pdf(x: number, a: number, b: number): number;
    inv(p: number, a: number, b: number): number;
  }
  export const jStat: {
    normal: Distribution;
    beta: Distribution;
    /** ln B(a, b) */
    betaln(a: number, b: number): number;
  };
}
