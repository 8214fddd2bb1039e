import type { KeyScope } from '../workspaces/api-key';
import type { Role } from '../workspaces/role';

/** Metadata key of the rule `@Access` / `@SignedIn` put on a route. */
export const ACCESS_RULE = 'mailpulse:access-rule';

/**
 * Who may call a workspace route: an API key of `scope`, and/or a signed-in user whose role in the workspace is
 * at least `role` (viewer < analyst < admin). Leave one out to refuse that kind of caller.
 */
export interface AccessRequirement {
  scope?: KeyScope;
  role?: Role;
}

export type AccessRule = ({ kind: 'workspace' } & AccessRequirement) | { kind: 'signed-in' };
