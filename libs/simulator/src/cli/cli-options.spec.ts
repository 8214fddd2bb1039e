import { parseCliOptions } from './cli-options';

describe('parseCliOptions', () => {
  it('reads a backfill to a folder with the demo anomalies', () => {
    const options = parseCliOptions(
      [
        '--seed',
        '7',
        '--days',
        '30',
        '--contacts',
        '50000',
        '--out',
        'data/',
        '--end',
        '2026-03-01T00:00:00Z',
      ],
      {},
    );
    expect(options).toMatchObject({
      seed: 7,
      days: 30,
      contacts: 50_000,
      out: 'data/',
      live: false,
      batchSize: 5000,
      concurrency: 4,
    });
    expect(options.anomalies).toHaveLength(5);
  });

  it('takes the ingest key from the environment and trims the target', () => {
    const options = parseCliOptions(
      ['--target', 'http://localhost:3000/', '--anomalies', 'none'],
      { MAILPULSE_INGEST_KEY: 'k-123' },
    );
    expect(options).toMatchObject({
      target: 'http://localhost:3000',
      key: 'k-123',
      anomalies: [],
    });
    expect(
      parseCliOptions(['--target', 'http://h:1', '--key', 'flag'], {
        MAILPULSE_INGEST_KEY: 'env',
      }).key,
    ).toBe('flag');
  });

  it('replaces the default anomalies with explicit ones', () => {
    const options = parseCliOptions(
      [
        '--out',
        'x',
        '--anomaly',
        'bounce-spike:yahoo.com@120+6',
        '--anomaly',
        'smtp-outage@20+1',
      ],
      {},
    );
    expect(options.anomalies.map((a) => a.kind)).toEqual([
      'bounce-spike',
      'smtp-outage',
    ]);
  });

  it('reads a live stream', () => {
    expect(
      parseCliOptions(
        [
          '--live',
          '--rate',
          '50',
          '--duration',
          '10',
          '--target',
          'http://h:1',
        ],
        {},
      ),
    ).toMatchObject({ live: true, rate: 50, durationSeconds: 10 });
  });

  it.each([
    ['nothing to do', [], /Nothing to do/],
    ['live without target', ['--live'], /--target/],
    ['bad number', ['--out', 'x', '--days', 'many'], /--days/],
    ['negative number', ['--out', 'x', '--contacts', '-5'], /--contacts/],
    ['bad date', ['--out', 'x', '--end', 'yesterday'], /--end/],
    ['bad target', ['--target', 'localhost:3000'], /--target/],
    [
      'oversized batch',
      ['--target', 'http://h:1', '--batch-size', '9000'],
      /--batch-size/,
    ],
    ['bad anomaly mode', ['--out', 'x', '--anomalies', 'some'], /--anomalies/],
    ['bad anomaly', ['--out', 'x', '--anomaly', 'flood@1+1'], /--anomaly/],
    ['unknown flag', ['--out', 'x', '--colour'], /colour/],
  ])('rejects %s', (_case, argv, message) => {
    expect(() => parseCliOptions(argv as string[], {})).toThrow(message);
  });
});
