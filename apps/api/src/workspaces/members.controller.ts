import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import { addMemberBody, changeRoleBody, idParam } from './dto/workspace-management.dto';
import { MemberService } from './member.service';
import type { Member } from './membership.repository';
import { auditActorOf, AuthenticatedRequest } from './principal';

/** The workspace's members (admins): add an existing user by email, change a role, remove. */
@Controller('v1/members')
@Access({ role: 'admin' })
export class MembersController {
  constructor(private readonly members: MemberService) {}

  @Get()
  async list(@Req() req: AuthenticatedRequest): Promise<{ members: Member[] }> {
    return { members: await this.members.list(req.workspaceId) };
  }

  /** `{ email, role }`: the user must exist (`npm run mailpulse -- user:create`). */
  @Post()
  @HttpCode(201)
  async add(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<{ member: Member }> {
    const { email, role } = parseBody(addMemberBody, body);
    return { member: await this.members.add(req.workspaceId, email, role, auditActorOf(req.principal)) };
  }

  /** `{ role }`; the last admin cannot be demoted (409). */
  @Patch(':userId')
  async changeRole(@Req() req: AuthenticatedRequest, @Param('userId') userId: string, @Body() body: unknown): Promise<{ member: Member }> {
    const id = parseBody(idParam, userId, 'userId');
    const { role } = parseBody(changeRoleBody, body);
    return { member: await this.members.changeRole(req.workspaceId, id, role, auditActorOf(req.principal)) };
  }

  /** The last admin cannot be removed (409). */
  @Delete(':userId')
  async remove(@Req() req: AuthenticatedRequest, @Param('userId') userId: string): Promise<{ member: Member }> {
    const id = parseBody(idParam, userId, 'userId');
    return { member: await this.members.remove(req.workspaceId, id, auditActorOf(req.principal)) };
  }
}
