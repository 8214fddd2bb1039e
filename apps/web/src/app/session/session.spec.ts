import { chooseWorkspace } from './session.store';
import { roleAtLeast } from './session.types';
import { safeNextPath } from './sign-in.page';

const ws = [
  { id: 'a', name: 'A', role: 'admin' as const },
  { id: 'b', name: 'B', role: 'viewer' as const },
];

describe('session', () => {
  it('keeps the remembered workspace while the user still belongs to it', () => {
    expect(chooseWorkspace(ws, 'b')).toBe('b');
    expect(chooseWorkspace(ws, 'gone')).toBe('a');
    expect(chooseWorkspace(ws, null)).toBe('a');
    expect(chooseWorkspace([], 'a')).toBeNull();
  });

  it.each([
    ['viewer', 'viewer', true],
    ['viewer', 'analyst', false],
    ['admin', 'analyst', true],
    [undefined, 'viewer', false],
  ] as const)('%s at least %s: %s', (role, needed, expected) => {
    expect(roleAtLeast(role, needed)).toBe(expected);
  });

  it.each([
    ['/campaigns/spring', '/campaigns/spring'],
    ['//evil.example', '/overview'],
    ['https://evil.example', '/overview'],
    ['/sign-in', '/overview'],
    [null, '/overview'],
  ])('after sign-in %s goes to %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});
