import { randomInt } from 'node:crypto';
import { UserService } from '../../src/auth/user.service';
import { CLI_ACTOR } from '../../src/workspaces/principal';
import type { Role } from '../../src/workspaces/role';
import { TestApp, uniqueId } from './test-app';

// Response bodies are read field by field in assertions; a loose type keeps those reads short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = Record<string, any>;

export interface CallOptions {
  /** A session token or API key, sent as `Authorization: Bearer`. */
  token?: string;
  /** A session token sent as the `mp_session` cookie. */
  cookie?: string;
  workspace?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The client address the app sees (it trusts X-Forwarded-For), so throttling tests do not share a counter. */
  ip?: string;
}

export interface CallResult {
  status: number;
  body: LooseJson;
  headers: Headers;
}

/** A client address of its own for each test: the login throttle counts per IP. */
export function uniqueIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${uniqueId()}@example.test`;
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { 'x-forwarded-for': options.ip ?? uniqueIp(), ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.cookie) headers['cookie'] = `mp_session=${options.cookie}`;
  if (options.workspace) headers['x-workspace-id'] = options.workspace;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as LooseJson, headers: res.headers };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

/** A new user with a unique address, optionally a member of a workspace. */
export async function newUser(t: TestApp, membership?: { workspaceId: string; role: Role }): Promise<TestUser> {
  const email = uniqueEmail();
  const password = `pw-${uniqueId()}`;
  const user = await t.app.get(UserService).createUser(email, password, CLI_ACTOR, membership);
  return { id: user.id, email, password };
}

export async function signIn(t: TestApp, user: Pick<TestUser, 'email' | 'password'>): Promise<string> {
  const res = await call(t.baseUrl, 'POST', '/v1/auth/login', { body: { email: user.email, password: user.password } });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body['token'] as string;
}

export function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: uniqueId('ev-'), type: 'email.sent', occurredAt: new Date().toISOString(), messageId: uniqueId('m-'), campaignId: 'auth-test', ...overrides };
}
