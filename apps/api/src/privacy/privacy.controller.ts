import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { Access } from '../auth/access.decorator';
import { parseBody } from '../common/parse-body';
import { auditActorOf, type AuthenticatedRequest } from '../workspaces/principal';
import { contactRequestBody } from './dto/contact-request.dto';
import { ContactErasure, ContactExport, PrivacyService } from './privacy.service';

/** GDPR access and erasure of one contact (admins). The contact is in the body, so addresses stay out of URLs and access logs. */
@Controller('v1/privacy')
@Access({ role: 'admin' })
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Post('export')
  @HttpCode(200)
  exportContact(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<ContactExport> {
    const { contact } = parseBody(contactRequestBody, body);
    return this.privacy.exportContact(req.workspaceId, { email: contact.email ?? null, externalId: contact.externalId ?? null }, auditActorOf(req.principal));
  }

  @Post('erase')
  @HttpCode(200)
  eraseContact(@Req() req: AuthenticatedRequest, @Body() body: unknown): Promise<ContactErasure> {
    const { contact } = parseBody(contactRequestBody, body);
    return this.privacy.eraseContact(req.workspaceId, { email: contact.email ?? null, externalId: contact.externalId ?? null }, auditActorOf(req.principal));
  }
}
