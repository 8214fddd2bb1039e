import { isRole, roleAtLeast, ROLES } from './role';

describe('roles', () => {
  it.each([
    ['admin', 'admin', true],
    ['admin', 'analyst', true],
    ['admin', 'viewer', true],
    ['analyst', 'admin', false],
    ['analyst', 'analyst', true],
    ['analyst', 'viewer', true],
    ['viewer', 'admin', false],
    ['viewer', 'analyst', false],
    ['viewer', 'viewer', true],
  ] as const)('%s meets %s: %s', (held, needed, expected) => {
    expect(roleAtLeast(held, needed)).toBe(expected);
  });

  it('orders viewer < analyst < admin', () => {
    expect(ROLES).toEqual(['viewer', 'analyst', 'admin']);
  });

  it.each([
    ['admin', true],
    ['viewer', true],
    ['Admin', false],
    ['owner', false],
    ['', false],
    [undefined, false],
    [1, false],
  ])('isRole(%p) is %p', (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });
});
