import type { z } from 'zod';
import { describeBodyError } from '../../common/parse-body';
import { addMemberBody, auditLogQuery, changeRoleBody, createApiKeyBody, createWorkspaceBody, idParam } from './workspace-management.dto';

function problem(schema: z.ZodType, value: unknown, topLevel?: string) {
  const parsed = schema.safeParse(value);
  if (parsed.success) return null;
  return describeBodyError(parsed.error, topLevel);
}

describe('workspace management bodies', () => {
  it.each([
    ['workspace: no name', createWorkspaceBody, {}, 'name', 'name: is required'],
    ['workspace: blank name', createWorkspaceBody, { name: '  ' }, 'name', 'name: must not be empty'],
    ['workspace: long name', createWorkspaceBody, { name: 'x'.repeat(201) }, 'name', 'name: must be at most 200 characters'],
    ['workspace: not an object', createWorkspaceBody, null, 'body', 'body: must be a JSON object like {"name": "…"}'],
    ['key: bad scope', createApiKeyBody, { name: 'k', scope: 'admin' }, 'scope', 'scope: must be ingest or read'],
    ['key: no scope', createApiKeyBody, { name: 'k' }, 'scope', 'scope: is required'],
    ['key: unknown field', createApiKeyBody, { name: 'k', scope: 'read', expires: 1 }, 'expires', 'expires: is not a known field'],
    ['member: bad email', addMemberBody, { email: 'nope', role: 'viewer' }, 'email', 'email: must be an email address'],
    ['member: bad role', addMemberBody, { email: 'a@b.co', role: 'owner' }, 'role', 'role: must be one of viewer, analyst, admin'],
    ['role change: no role', changeRoleBody, {}, 'role', 'role: is required'],
  ])('%s → %s', (_, schema, body, field, message) => {
    expect(problem(schema, body)).toEqual({ field, message });
  });

  it('accepts good bodies, trimmed and lower-cased', () => {
    expect(createWorkspaceBody.parse({ name: ' Acme ' })).toEqual({ name: 'Acme' });
    expect(createApiKeyBody.parse({ name: 'ci', scope: 'ingest' })).toEqual({ name: 'ci', scope: 'ingest' });
    expect(addMemberBody.parse({ email: 'Ada@Example.com', role: 'analyst' })).toEqual({ email: 'ada@example.com', role: 'analyst' });
  });

  it.each([
    ['not-a-uuid', { field: 'id', message: 'id: must be an id (a UUID)' }],
    ['3f1d7a2e-8c7b-4a55-9d0e-2b6f4c1a9e10', null],
  ])('id %p', (value, expected) => {
    expect(problem(idParam, value, 'id')).toEqual(expected);
  });

  it.each([
    [{}, { limit: 100 }],
    [{ limit: '5', before: '40' }, { limit: 5, before: 40 }],
  ])('audit query %p', (query, expected) => {
    expect(auditLogQuery.parse(query)).toEqual(expected);
  });

  it.each([
    [{ limit: '0' }, 'limit', 'limit: must be at least 1'],
    [{ limit: 'ten' }, 'limit', 'limit: must be a number'],
    [{ before: '-1' }, 'before', 'before: must be positive'],
  ])('audit query %p → %s', (query, field, message) => {
    expect(problem(auditLogQuery, query, 'query')).toEqual({ field, message });
  });
});
