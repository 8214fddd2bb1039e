import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  ContactJourneyResponse,
  LifecycleResponse,
} from '@mailpulse/contracts';
import { z } from 'zod';
import { Access } from '../../auth/access.decorator';
import { parseBody } from '../../common/parse-body';
import type { AuthenticatedRequest } from '../../workspaces/principal';
import { id, intParam } from '../query/analytics-query';
import { ContactsService } from './contacts.service';

const DAY_MS = 86_400_000;
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2026-11-22')
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a real date');

const journeyQuery = z
  .strictObject({
    email: z
      .string()
      .trim()
      .min(3, 'must be an email address')
      .max(254)
      .optional(),
    externalId: id.optional(),
    limit: intParam(1, 5_000, 500),
  })
  .refine((q) => (q.email === undefined) !== (q.externalId === undefined), {
    message: 'give either email or externalId',
    path: ['email'],
  });

const lifecycleQuery = z
  .strictObject({ from: date.optional(), to: date.optional() })
  .transform((q, ctx) => {
    const to = q.to ?? new Date().toISOString().slice(0, 10);
    const from =
      q.from ??
      new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
    const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
    if (days < 1)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'must not be after to',
      });
    else if (days > 366)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: 'the range must be at most 366 days',
      });
    return { from, to };
  });

@ApiTags('analytics')
@ApiBearerAuth()
@Controller('v1/contacts')
@Access({ scope: 'read', role: 'viewer' })
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get('journey')
  @ApiOperation({
    summary:
      "One contact's events across campaigns and families, oldest first (?email= or ?externalId=)",
  })
  journey(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<ContactJourneyResponse> {
    return this.contacts.journey(
      req.workspaceId,
      parseBody(journeyQuery, query, 'query'),
    );
  }

  @Get('lifecycle')
  @ApiOperation({
    summary:
      'New, activated, active and inactive (15 days) contacts per day (?from=YYYY-MM-DD&to=YYYY-MM-DD)',
  })
  lifecycle(
    @Req() req: AuthenticatedRequest,
    @Query() query: unknown,
  ): Promise<LifecycleResponse> {
    const { from, to } = parseBody(lifecycleQuery, query, 'query');
    return this.contacts.lifecycle(req.workspaceId, from, to);
  }
}
