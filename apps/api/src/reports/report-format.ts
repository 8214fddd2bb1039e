/** Number and time formats of the PDF reports (WinAnsi text only: the built-in PDF fonts have no other glyphs). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatRate(r: number | null): string {
  if (r === null) return 'n/a';
  return `${parseFloat((r * 100).toPrecision(3))} %`;
}

export function formatMoney(n: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function formatTime(d: Date | string): string {
  return new Date(d).toISOString().slice(0, 16).replace('T', ' ');
}

export function formatDay(d: Date | string): string {
  return new Date(d).toISOString().slice(0, 10);
}

/** Replaces the characters the built-in fonts cannot draw. */
export function winAnsi(text: string): string {
  return text.replace(/≥/g, '>=').replace(/≤/g, '<=').replace(/[^\x20-\x7e\xa0-\xff\n–—‘’“”•…€]/g, '?');
}
