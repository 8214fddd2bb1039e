import { credentialOf } from './request-credential';

describe('credentialOf', () => {
  it.each([
    [{}, { kind: 'none' }],
    [{ authorization: 'Bearer mp_read_x' }, { kind: 'bearer', token: 'mp_read_x' }],
    [{ authorization: 'bearer  mp_session_x' }, { kind: 'bearer', token: 'mp_session_x' }],
    [{ authorization: 'Basic abc' }, { kind: 'malformed' }],
    [{ authorization: 'Bearer' }, { kind: 'malformed' }],
    [{ authorization: 'Bearer a b' }, { kind: 'malformed' }],
    [{ cookie: 'mp_session=mp_session_y' }, { kind: 'cookie', token: 'mp_session_y' }],
    [{ cookie: 'other=1' }, { kind: 'none' }],
    [{ authorization: 'Bearer mp_ingest_z', cookie: 'mp_session=mp_session_y' }, { kind: 'bearer', token: 'mp_ingest_z' }],
  ])('%p → %p', (headers, expected) => {
    expect(credentialOf({ headers })).toEqual(expected);
  });
});
