import { ApiErrorCode, ApiException } from '../common/api.exception';

/** Error codes of the dashboards routes; the message says the same in words. */
export enum DashboardErrorCode {
  InvalidBody = 'invalid_body',
  NotFound = 'not_found',
  NotDashboardOwner = 'not_dashboard_owner',
  VersionConflict = 'version_conflict',
}

/** A client-visible failure of this module. An ApiException, so the one HTTP filter maps it; hence the widening cast. */
export class DashboardException extends ApiException {
  constructor(status: 400 | 403 | 404 | 409, code: DashboardErrorCode, message: string, field?: string, extra?: Record<string, unknown>) {
    super(status, code as string as ApiErrorCode, message, field, extra);
  }
}

/** The one answer for a dashboard that does not exist and for one the caller may not see: the two are not told apart. */
export function dashboardNotFound(field = 'id'): DashboardException {
  return new DashboardException(404, DashboardErrorCode.NotFound, `${field}: no dashboard with this id that you can see in the workspace`, field);
}
