import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import { auditActorOf, type AuthenticatedRequest } from '../workspaces/principal';
import { createNotificationRuleBody, deliveriesQuery, notificationRuleId, updateNotificationRuleBody } from './dto/notification-rule.dto';
import type { NotificationRule } from './notification-rule';
import type { DeliveryView, RateWindowView } from './notification.repository';
import { NotificationsService } from './notifications.service';

/**
 * Event-triggered notification rules (docs/notifications.md): read by viewers and read keys, managed by admins;
 * each rule's deliveries, and a test message through its channels.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/notification-rules')
export class NotificationRulesController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Access({ scope: 'read', role: 'viewer' })
  @ApiOperation({ summary: "The workspace's notification rules, oldest first" })
  async list(@Req() req: AuthenticatedRequest): Promise<{ rules: NotificationRule[] }> {
    return { rules: await this.notifications.list(req.workspaceId) };
  }

  @Get(':id')
  @Access({ scope: 'read', role: 'viewer' })
  @ApiOperation({ summary: 'One notification rule' })
  get(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<NotificationRule> {
    return this.notifications.get(req.workspaceId, parseBody(notificationRuleId, id, 'id'));
  }

  @Post()
  @Access({ role: 'admin' })
  @ApiOperation({ summary: 'Creates a rule: { name, enabled?, filter: { types, conditions?, verdicts? }, firstOccurrence?, channelIds, rateLimit? }' })
  create(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<NotificationRule> {
    return this.notifications.create(req.workspaceId, parseBody(createNotificationRuleBody, body), auditActorOf(req.principal));
  }

  @Patch(':id')
  @Access({ role: 'admin' })
  @ApiOperation({ summary: 'Changes a rule: any of name, enabled, filter (replaced whole), firstOccurrence, channelIds, rateLimit' })
  update(@Req() req: AuthenticatedRequest, @Param('id') id: string, @Body() body: unknown): Promise<NotificationRule> {
    const target = parseBody(notificationRuleId, id, 'id');
    return this.notifications.update(req.workspaceId, target, parseBody(updateNotificationRuleBody, body), auditActorOf(req.principal));
  }

  @Delete(':id')
  @HttpCode(204)
  @Access({ role: 'admin' })
  @ApiOperation({ summary: 'Deletes a rule with its deliveries' })
  async remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    await this.notifications.remove(req.workspaceId, parseBody(notificationRuleId, id, 'id'), auditActorOf(req.principal));
  }

  @Get(':id/deliveries')
  @Access({ scope: 'read', role: 'viewer' })
  @ApiOperation({ summary: "The rule's deliveries newest first (?limit=&status=&kind=), every attempt, and its rate-limited windows" })
  deliveries(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<{ deliveries: DeliveryView[]; limitedWindows: RateWindowView[] }> {
    const target = parseBody(notificationRuleId, id, 'id');
    return this.notifications.deliveries(req.workspaceId, target, parseBody(deliveriesQuery, query, 'query'));
  }

  @Post(':id/test')
  @HttpCode(200)
  @Access({ role: 'admin' })
  @ApiOperation({ summary: "Sends a sample event's message through the rule's channels now; answers the deliveries after their first attempt" })
  test(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<{ deliveries: DeliveryView[] }> {
    return this.notifications.sendTest(req.workspaceId, parseBody(notificationRuleId, id, 'id'));
  }
}
