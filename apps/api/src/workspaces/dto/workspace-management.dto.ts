import { z } from 'zod';
import { emailField } from '../../auth/dto/credentials.dto';
import { ROLES } from '../role';

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`) });
const name = (max: number) => z.string(required('a string')).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const role = z.enum(ROLES, required(`one of ${ROLES.join(', ')}`));

/** Body of `POST /v1/workspaces`. */
export const createWorkspaceBody = z.strictObject({ name: name(200) }, required('a JSON object like {"name": "…"}'));

/** Body of `POST /v1/api-keys`. */
export const createApiKeyBody = z.strictObject(
  { name: name(100), scope: z.enum(['ingest', 'read'], required('ingest or read')) },
  required('a JSON object like {"name": "…", "scope": "ingest"}'),
);

/** Body of `POST /v1/members`. */
export const addMemberBody = z.strictObject({ email: emailField, role }, required('a JSON object like {"email": "…", "role": "analyst"}'));

/** Body of `PATCH /v1/members/:userId`. */
export const changeRoleBody = z.strictObject({ role }, required('a JSON object like {"role": "viewer"}'));

/** An id in a path, e.g. `DELETE /v1/api-keys/:id`. */
export const idParam = z.uuid({ error: 'must be an id (a UUID)' });

/** Query of `GET /v1/audit-log`. */
export const auditLogQuery = z.object({
  limit: z.coerce.number('must be a number').int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
  before: z.coerce.number('must be a number').int('must be a whole number').positive('must be positive').optional(),
});
