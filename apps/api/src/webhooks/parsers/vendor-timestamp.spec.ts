import { parseVendorTimestamp } from './vendor-timestamp';

describe('parseVendorTimestamp', () => {
  it.each([
    ['ISO with Z and milliseconds (SES)', '2017-08-05T00:41:02.669Z', '2017-08-05T00:41:02.669Z'],
    ['seven fractional digits, Z (Postmark)', '2019-11-05T16:33:54.9070259Z', '2019-11-05T16:33:54.907Z'],
    ['seven fractional digits and a negative offset (Postmark, .NET)', '2014-08-01T13:28:10.2735393-04:00', '2014-08-01T17:28:10.273Z'],
    ['six fractional digits (Postmark SubscriptionChange)', '2020-02-01T10:53:34.416071Z', '2020-02-01T10:53:34.416Z'],
    ['no fraction', '2022-06-05T17:17:32Z', '2022-06-05T17:17:32.000Z'],
    ['a positive offset without colon', '2024-01-01T01:30:00+0130', '2024-01-01T00:00:00.000Z'],
    ['an hour-only offset', '2024-01-01T05:00:00+05', '2024-01-01T00:00:00.000Z'],
    ['no zone: read as UTC', '2024-01-01T00:00:00', '2024-01-01T00:00:00.000Z'],
    ['a space instead of T', '2024-01-01 00:00:00Z', '2024-01-01T00:00:00.000Z'],
    ['epoch seconds, integer (SendGrid)', 1513299569, '2017-12-15T00:59:29.000Z'],
    ['epoch seconds with a fraction, number (Mailgun)', 1534108637.153125, '2018-08-12T21:17:17.153Z'],
    ['epoch seconds with seven fractional digits (Mailgun)', 1770146431.6585283, '2026-02-03T19:20:31.658Z'],
    ['epoch seconds with a fraction, string (Mailgun)', '1521233195.375624', '2018-03-16T20:46:35.375Z'],
    ['epoch seconds as a string (SendGrid)', '123456789', '1973-11-29T21:33:09.000Z'],
    ['epoch milliseconds (SendGrid Single Send)', 1591726752372, '2020-06-09T18:19:12.372Z'],
  ])('%s', (_name, input, expected) => {
    expect(parseVendorTimestamp(input)).toBe(expected);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty string', ''],
    ['words', 'yesterday'],
    ['month 13', '2019-13-01T00:00:00Z'],
    ['February 30th', '2019-02-30T00:00:00Z'],
    ['hour 24', '2019-01-01T24:00:00Z'],
    ['a negative number', -5],
    ['NaN', Number.NaN],
    ['an object', { seconds: 5 }],
    ['a date without time', '2019-01-01'],
  ])('%s is not a timestamp', (_name, input) => {
    expect(parseVendorTimestamp(input)).toBeNull();
  });
});
