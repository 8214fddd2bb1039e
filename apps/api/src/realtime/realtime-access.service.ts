import { Inject, Injectable } from '@nestjs/common';
import { realtimeSubscriptionSchema } from '@mailpulse/contracts';
import { credentialOf } from '../auth/request-credential';
import { isSessionToken } from '../auth/session-token';
import { SessionService } from '../auth/session.service';
import { describeBodyError } from '../common/parse-body';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { MembershipRepository } from '../workspaces/membership.repository';
import { WorkspaceService } from '../workspaces/workspace.service';
import { RealtimeRefusal, RealtimeRefusalCode } from './realtime.refusal';

/** Who holds a live-stream connection. */
export type RealtimeViewer =
  | { kind: 'api_key'; keyId: string; workspaceId: string; key: string }
  | { kind: 'user'; userId: string; sessionToken: string };

/** What the client sent in its socket.io handshake. */
export interface RealtimeHandshake {
  headers: Record<string, string | string[] | undefined>;
  auth: Record<string, unknown>;
}

/** A room a viewer may read. */
export interface RoomGrant {
  workspaceId: string;
  campaignId: string | null;
}

/** `https://host:port` → `host:port`, or null when it is not an origin. */
function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

const header = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);

/**
 * The live stream's access rules, the same as a read route's `@Access({ scope: 'read', role: 'viewer' })`: a read
 * API key reads its own workspace; a session reads the workspaces where the user has any role. Another
 * workspace is "not found", as over HTTP, so ids of other tenants cannot be probed.
 */
@Injectable()
export class RealtimeAccessService {
  constructor(
    private readonly workspaces: WorkspaceService,
    private readonly memberships: MembershipRepository,
    private readonly sessions: SessionService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks the credential of a new connection: `auth.token`, else `Authorization: Bearer`, else the session cookie. */
  async authenticate(handshake: RealtimeHandshake): Promise<RealtimeViewer> {
    const given = handshake.auth['token'];
    if (given !== undefined && (typeof given !== 'string' || given === '')) {
      throw new RealtimeRefusal(RealtimeRefusalCode.MissingCredentials, 'auth.token: must be a read API key or a session token', 'auth.token');
    }
    const credential = typeof given === 'string' ? ({ kind: 'bearer', token: given } as const) : credentialOf({ headers: handshake.headers });
    switch (credential.kind) {
      case 'none':
        throw new RealtimeRefusal(
          RealtimeRefusalCode.MissingCredentials,
          'Send a read API key or a session token as auth.token (or "Authorization: Bearer <token>"), or connect with the mp_session cookie',
          'auth.token',
        );
      case 'malformed':
        throw new RealtimeRefusal(RealtimeRefusalCode.MissingCredentials, 'The Authorization header must be "Bearer <token>"', 'Authorization');
      case 'cookie':
        if (this.isForeignOrigin(handshake.headers)) {
          throw new RealtimeRefusal(RealtimeRefusalCode.CrossSiteRequest, 'A connection signed in by cookie must come from the Mailpulse portal or an origin in CORS_ORIGINS', 'Origin');
        }
        break;
      case 'bearer':
        if (!isSessionToken(credential.token)) return this.admitKey(credential.token);
        break;
    }
    const session = await this.sessions.resolve(credential.token);
    if (!session) throw new RealtimeRefusal(RealtimeRefusalCode.InvalidSession, 'The session is unknown, expired or signed out; sign in again', credential.kind === 'cookie' ? 'Cookie' : 'auth.token');
    return { kind: 'user', userId: session.userId, sessionToken: credential.token };
  }

  /** The room a `subscribe` asks for, if the viewer may read it. */
  async grantRoom(viewer: RealtimeViewer, body: unknown): Promise<RoomGrant> {
    const parsed = realtimeSubscriptionSchema.safeParse(body ?? {});
    if (!parsed.success) {
      const { field, message } = describeBodyError(parsed.error, 'subscription');
      throw new RealtimeRefusal(RealtimeRefusalCode.InvalidBody, message, field);
    }
    const { workspaceId: asked, campaignId } = parsed.data;
    const workspaceId = await this.readableWorkspace(viewer, asked?.toLowerCase());
    return { workspaceId, campaignId: campaignId ?? null };
  }

  /**
   * Whether a connection may stay, and which of the given workspaces it may still read: its session may have ended,
   * its key been revoked, or the user removed from a workspace since it connected.
   */
  async recheck(viewer: RealtimeViewer, workspaceIds: readonly string[]): Promise<{ connected: boolean; readable: string[] }> {
    if (viewer.kind === 'api_key') {
      const found = await this.workspaces.resolveKey(viewer.key);
      return found ? { connected: true, readable: workspaceIds.filter((id) => id === viewer.workspaceId) } : { connected: false, readable: [] };
    }
    if (!(await this.sessions.resolve(viewer.sessionToken))) return { connected: false, readable: [] };
    const readable: string[] = [];
    for (const id of workspaceIds) if (await this.memberships.roleOf(id, viewer.userId)) readable.push(id);
    return { connected: true, readable };
  }

  private async admitKey(key: string): Promise<Extract<RealtimeViewer, { kind: 'api_key' }>> {
    const found = await this.workspaces.resolveKey(key);
    if (!found) throw new RealtimeRefusal(RealtimeRefusalCode.InvalidKey, 'The API key is unknown or revoked', 'auth.token');
    if (!WorkspaceService.scopeAllows(found.scope, 'read')) {
      throw new RealtimeRefusal(RealtimeRefusalCode.WrongKeyScope, `This is a ${found.scope} key; the live stream needs a read key`, 'auth.token');
    }
    return { kind: 'api_key', keyId: found.id, workspaceId: found.workspaceId, key };
  }

  private async readableWorkspace(viewer: RealtimeViewer, asked: string | undefined): Promise<string> {
    if (viewer.kind === 'api_key') {
      // Checked again on every subscription: a revoked key gets no new rooms (other processes: within the key cache's 30 s).
      await this.admitKey(viewer.key);
      if (asked !== undefined && asked !== viewer.workspaceId) throw new RealtimeRefusal(RealtimeRefusalCode.NotFound, `No workspace ${asked} for this key`, 'workspaceId');
      return viewer.workspaceId;
    }
    // Sessions are checked again on every subscription: a signed-out session gets no new rooms.
    const session = await this.sessions.resolve(viewer.sessionToken);
    if (!session) throw new RealtimeRefusal(RealtimeRefusalCode.InvalidSession, 'The session is unknown, expired or signed out; sign in again', 'auth.token');
    if (asked !== undefined) {
      const role = await this.memberships.roleOf(asked, viewer.userId);
      if (!role) throw new RealtimeRefusal(RealtimeRefusalCode.NotFound, `No workspace ${asked} among yours`, 'workspaceId');
      return asked;
    }
    const mine = await this.workspaces.listForUser(viewer.userId);
    if (mine.length === 1) return mine[0]!.id;
    if (mine.length === 0) throw new RealtimeRefusal(RealtimeRefusalCode.NotFound, 'You are not a member of any workspace yet', 'workspaceId');
    throw new RealtimeRefusal(RealtimeRefusalCode.WorkspaceRequired, `workspaceId: is required, you belong to ${mine.length} workspaces`, 'workspaceId');
  }

  /** A browser page of another origin (not listed in CORS_ORIGINS) must not ride on the portal's cookie. */
  private isForeignOrigin(headers: RealtimeHandshake['headers']): boolean {
    const origin = header(headers['origin']);
    if (!origin) return header(headers['sec-fetch-site']) === 'cross-site';
    if (this.config.CORS_ORIGINS.includes(origin)) return false;
    const host = header(headers['x-forwarded-host']) ?? header(headers['host']);
    return hostOf(origin) === null || hostOf(origin) !== host;
  }
}
