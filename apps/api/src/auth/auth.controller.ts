import { Body, Controller, Get, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WorkspaceOfUser } from '../workspaces/workspace.repository';
import { WorkspaceService } from '../workspaces/workspace.service';
import { parseBody } from '../common/parse-body';
import { SignedIn } from './access.decorator';
import type { SignedInRequest } from './access.guard';
import { AuthExceptionFilter } from './auth-exception.filter';
import { loginBody } from './dto/credentials.dto';
import { LoginService } from './login.service';
import { clearedSessionCookie, sessionCookie } from './session-cookie';
import { SessionService } from './session.service';

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: { id: string; email: string };
  workspaces: WorkspaceOfUser[];
}

export interface MeResponse {
  user: { id: string; email: string };
  workspaces: WorkspaceOfUser[];
}

const isHttps = (req: FastifyRequest) => req.protocol === 'https';

@Controller('v1/auth')
@UseFilters(AuthExceptionFilter)
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly sessions: SessionService,
    private readonly workspaces: WorkspaceService,
  ) {}

  /** `{ email, password }` → a session token (also set as the HttpOnly `mp_session` cookie) and the user's workspaces. */
  @Post('login')
  @HttpCode(200)
  async login(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown): Promise<LoginResponse> {
    const { email, password } = parseBody(loginBody, body);
    const result = await this.logins.login(email, password, { ip: req.ip, userAgent: req.headers['user-agent'] ?? null });
    void reply.header('set-cookie', sessionCookie(result.token, result.expiresAt, isHttps(req))).header('cache-control', 'no-store');
    return { ...result, expiresAt: result.expiresAt.toISOString() };
  }

  /** Ends the session that sent the request (token or cookie) and clears the cookie. */
  @Post('logout')
  @HttpCode(204)
  @SignedIn()
  async logout(@Req() req: SignedInRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.sessions.revoke(req.principal.sessionId);
    void reply.header('set-cookie', clearedSessionCookie(isHttps(req)));
  }

  @Get('me')
  @SignedIn()
  async me(@Req() req: SignedInRequest): Promise<MeResponse> {
    const { userId, email } = req.principal;
    return { user: { id: userId, email }, workspaces: await this.workspaces.listForUser(userId) };
  }
}
