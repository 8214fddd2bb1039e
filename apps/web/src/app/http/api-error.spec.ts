import { HttpErrorResponse } from '@angular/common/http';
import { toApiProblem } from './api-error';
import { adviceFor } from '../ui/problem';

const err = (status: number, error: unknown) => new HttpErrorResponse({ status, error, url: '/v1/x' });

describe('API problems', () => {
  it('keeps the code, message and field of an API error body', () => {
    const p = toApiProblem(err(400, { error: { code: 'invalid_body', message: 'bucket: must be one of minute, hour, day', field: 'bucket' } }));
    expect(p).toEqual({ status: 400, code: 'invalid_body', message: 'bucket: must be one of minute, hour, day', field: 'bucket', notAvailable: false });
  });

  it.each(['No route GET /v1/anomalies', 'Cannot GET /v1/anomalies'])('treats "%s" as a feature this server does not have yet', (message) => {
    const p = toApiProblem(err(404, { error: { code: 'not_found', message } }));
    expect(p.notAvailable).toBe(true);
    expect(adviceFor(p, 'Anomalies')).toMatch(/^Not on this server yet: anomalies show up here/);
  });

  it('does not mistake an unknown campaign for a missing feature', () => {
    expect(toApiProblem(err(404, { error: { code: 'not_found', message: 'Campaign spring not found' } })).notAvailable).toBe(false);
  });

  it('says the server is unreachable when nothing answered', () => {
    const p = toApiProblem(new HttpErrorResponse({ status: 0 }));
    expect(p.code).toBe('unreachable');
    expect(adviceFor(p, 'x')).toMatch(/running/);
  });

  it('tells a user without the role whom to ask', () => {
    const p = toApiProblem(err(403, { error: { code: 'insufficient_role', message: 'This needs the admin role in this workspace; you are a viewer' } }));
    expect(adviceFor(p, 'API keys')).toMatch(/Ask an admin/);
  });
});
