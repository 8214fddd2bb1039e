import { loginBody, passwordProblem } from './credentials.dto';
import { describeBodyError } from '../../common/parse-body';

describe('login body', () => {
  it('lower-cases and trims the address', () => {
    expect(loginBody.parse({ email: '  Ada@Example.COM ', password: 'x' })).toEqual({ email: 'ada@example.com', password: 'x' });
  });

  it.each([
    ['not an object', 'hello', 'body', 'body: must be a JSON object like {"email": "…", "password": "…"}'],
    ['no email', { password: 'x' }, 'email', 'email: is required'],
    ['email not a string', { email: 3, password: 'x' }, 'email', 'email: must be an email address'],
    ['email not an address', { email: 'ada', password: 'x' }, 'email', 'email: must be an email address'],
    ['no password', { email: 'a@b.co' }, 'password', 'password: is required'],
    ['empty password', { email: 'a@b.co', password: '' }, 'password', 'password: must not be empty'],
    ['huge password', { email: 'a@b.co', password: 'x'.repeat(1025) }, 'password', 'password: must be at most 1024 characters'],
    ['unknown field', { email: 'a@b.co', password: 'x', remember: true }, 'remember', 'remember: is not a known field'],
  ])('%s → 400 naming %s', (_, body, field, message) => {
    const parsed = loginBody.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(describeBodyError(parsed.error!)).toEqual({ field, message });
  });
});

describe('passwordProblem', () => {
  it.each([
    ['short', 'must be at least 8 characters'],
    ['12345678', null],
    ['correct horse battery staple', null],
    ['x'.repeat(1025), 'must be at most 1024 characters'],
  ])('%p → %p', (password, expected) => {
    expect(passwordProblem(password)).toBe(expected);
  });
});
