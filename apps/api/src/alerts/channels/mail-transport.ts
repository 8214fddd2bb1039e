import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { Attachment } from 'nodemailer/lib/mailer';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';

export interface OutgoingMail {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  attachments?: Attachment[];
}

/** Sends the product's own mail (alerts, scheduled reports) through the SMTP server in SMTP_* settings. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private transporter: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.SMTP_HOST !== undefined;
  }

  /** Resolves with the server's message id; rejects with the SMTP error (the caller records and retries it). */
  async send(mail: OutgoingMail): Promise<string> {
    if (!this.config.SMTP_HOST) throw new Error('no SMTP server is configured (SMTP_HOST is not set)');
    this.transporter ??= createTransport({
      host: this.config.SMTP_HOST,
      port: this.config.SMTP_PORT,
      secure: this.config.SMTP_SECURE === 'on',
      auth: this.config.SMTP_USER ? { user: this.config.SMTP_USER, pass: this.config.SMTP_PASSWORD ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    const info = (await this.transporter.sendMail({ from: this.config.SMTP_FROM, ...mail })) as { messageId: string };
    return info.messageId;
  }

  onApplicationShutdown(): void {
    this.transporter?.close();
  }
}
