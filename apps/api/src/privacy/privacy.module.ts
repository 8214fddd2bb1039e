import { Module } from '@nestjs/common';
import { ContactDataRepository } from './contact-data.repository';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';

/** GDPR export and erasure of one contact: `POST /v1/privacy/export`, `POST /v1/privacy/erase`. */
@Module({ controllers: [PrivacyController], providers: [ContactDataRepository, PrivacyService] })
export class PrivacyModule {}
