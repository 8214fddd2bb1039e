import { journeyQuery } from './contacts.page';
import { describeAudit } from '../settings/audit-log.section';
import { initialTheme } from '../shell/theme.service';

describe('small page logic', () => {
  it.each([
    ['ada@example.com', { email: 'ada@example.com' }],
    ['  crm-42 ', { externalId: 'crm-42' }],
    ['   ', null],
  ])('searches %j by %j', (term, query) => {
    expect(journeyQuery(term)).toEqual(query);
  });

  it('describes an audit entry in words', () => {
    expect(describeAudit({ id: 1, actor: 'user:x', actorUserId: 'x', action: 'member.role_change', target: 'user:y', details: { from: 'viewer', to: 'analyst' }, at: '' })).toEqual({
      action: 'Member role change',
      details: 'from: viewer, to: analyst',
    });
    expect(describeAudit({ id: 2, actor: 'cli', actorUserId: null, action: 'workspace.create', target: null, details: { keys: [{}, {}], name: 'Acme' }, at: '' }).details).toBe('keys: 2, name: Acme');
  });

  it.each([
    ['dark', false, 'dark'],
    ['light', true, 'light'],
    [null, true, 'dark'],
    ['bogus', false, 'light'],
  ] as const)('theme stored %s, system dark %s → %s', (stored, prefersDark, theme) => {
    expect(initialTheme(stored, prefersDark)).toBe(theme);
  });
});
