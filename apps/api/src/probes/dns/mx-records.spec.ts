import { assessMx } from './mx-records';

describe('assessMx', () => {
  it('lists the exchangers by preference, lower-cased and without trailing dots', () => {
    expect(assessMx([{ exchange: 'MX2.example.com.', priority: 20 }, { exchange: 'mx1.example.com', priority: 10 }, { exchange: 'a.example.com', priority: 20 }])).toEqual({
      status: 'ok',
      value: '10 mx1.example.com, 20 a.example.com, 20 mx2.example.com',
      detail: '3 mail exchangers, preferred mx1.example.com',
      facts: { exchanges: ['mx1.example.com', 'a.example.com', 'mx2.example.com'] },
    });
  });

  it('is missing without MX records', () => {
    expect(assessMx([])).toEqual({ status: 'missing', value: null, detail: 'no MX record', facts: {} });
  });

  it('is broken for a null MX (RFC 7505)', () => {
    expect(assessMx([{ exchange: '', priority: 0 }])).toMatchObject({ status: 'broken', value: '0 .', detail: expect.stringMatching(/^null MX/) });
  });
});
