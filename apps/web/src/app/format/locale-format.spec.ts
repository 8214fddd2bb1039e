import { describeChange, describeRateChange, formatCompact, formatCount, formatMoney, formatRate, formatRelative } from './locale-format';

describe('locale formatting', () => {
  it.each([
    ['en-US', 1234567, '1,234,567'],
    ['de-DE', 1234567, '1.234.567'],
    ['fr-FR', 1234567, '1 234 567'],
  ])('counts in %s', (locale, value, expected) => {
    expect(formatCount(value, locale).replace(/\u202f|\u00a0/g, ' ')).toBe(expected);
  });

  it('shows a dash for missing numbers instead of 0', () => {
    expect(formatCount(null)).toBe('—');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
  });

  it('keeps two decimals for small rates so 0.08 % is not rounded to 0 %', () => {
    expect(formatRate(0.0008, 'en-US')).toBe('0.08%');
    expect(formatRate(0.256, 'en-US')).toBe('25.6%');
  });

  it('compacts only large numbers', () => {
    expect(formatCompact(9999, 'en-US')).toBe('9,999');
    expect(formatCompact(12_345_678, 'en-US')).toBe('12.3M');
  });

  it('formats money in the locale', () => {
    expect(formatMoney(1234.5, 'EUR', 'de-DE').replace(/\u00a0/g, ' ')).toBe('1.234,50 €');
  });

  it.each([
    [120, 100, 'up', '+20%'],
    [80, 100, 'down', '-20%'],
    [100, 100, 'flat', 'no change'],
    [5, 0, 'new', 'new this period'],
    [0, 0, 'flat', 'no change'],
    [5, null, 'flat', 'no earlier data'],
  ] as const)('change %d against %s is %s %s', (current, previous, direction, text) => {
    const change = describeChange(current, previous, 'en-US');
    expect(change.direction).toBe(direction);
    expect(change.text.replace('−', '-')).toBe(text);
  });

  it('describes a rate change in percentage points', () => {
    expect(describeRateChange(0.026, 0.021, 'en-US')).toEqual({ direction: 'up', text: '+0.5 pts' });
    expect(describeRateChange(0.02, 0.02, 'en-US').text).toBe('no change');
  });

  it('says how long ago something happened', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatRelative('2026-01-01T11:57:00Z', now, 'en-US')).toBe('3 min. ago');
    expect(formatRelative(null, now)).toBe('—');
  });
});
