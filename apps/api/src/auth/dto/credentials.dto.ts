import { z } from 'zod';

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

/** Longest password accepted: far beyond any passphrase, short enough that hashing it costs nothing extra. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 8;

/** An email address as stored: trimmed and lower-cased. */
export const emailField = z.string(required('an email address')).trim().toLowerCase().pipe(z.email('must be an email address').max(254, 'must be at most 254 characters'));

/** A password a new user may choose. */
export const newPasswordField = z
  .string(required('a string'))
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** Body of `POST /v1/auth/login`. */
export const loginBody = z.strictObject(
  {
    email: emailField,
    password: z.string(required('a string')).min(1, 'must not be empty').max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
  },
  required('a JSON object like {"email": "…", "password": "…"}'),
);

/** Why a new password is not accepted, or null when it is. */
export function passwordProblem(password: string): string | null {
  const parsed = newPasswordField.safeParse(password);
  return parsed.success ? null : parsed.error.issues[0]!.message;
}
