import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { DatabaseModule } from '../database/database.module';
import { UnknownWorkspaceError, WebhookEndpointService } from './webhook-endpoint.service';
import { WebhookEndpointsModule } from './webhook-endpoints.module';
import { buildVerification, describeVerification, EndpointVerification, WebhookSettingsError } from './webhook-settings';
import { isWebhookVendor, WEBHOOK_VENDORS } from './webhook-vendor';

export const WEBHOOK_CREATE_USAGE = `  webhook:create --workspace <id> --vendor <ses|sendgrid|mailgun|postmark> [--json]
      [--sendgrid-public-key <base64 DER or PEM>] [--mailgun-signing-key <key>]
      [--postmark-basic-auth <user:password>] [--postmark-header "<Name>: <secret>"]
      [--sns-certificate <PEM file>]... [--sns-topic-arn <arn>]... [--sns-cert-url-pattern <regex>]
                                             Create a webhook endpoint; prints its URL path and token (shown once).
`;

const OPTIONS = {
  workspace: { type: 'string' },
  vendor: { type: 'string' },
  json: { type: 'boolean', default: false },
  'sendgrid-public-key': { type: 'string' },
  'mailgun-signing-key': { type: 'string' },
  'postmark-basic-auth': { type: 'string' },
  'postmark-header': { type: 'string' },
  'sns-certificate': { type: 'string', multiple: true },
  'sns-topic-arn': { type: 'string', multiple: true },
  'sns-cert-url-pattern': { type: 'string' },
} as const;

/** `webhook:create`: exit 0 with the endpoint printed, 64 for wrong usage, 1 for an unknown workspace. */
export async function runWebhookCreate(args: string[], config: AppConfig): Promise<number> {
  let request: { workspaceId: string; verification: EndpointVerification; json: boolean };
  try {
    request = readArguments(args);
  } catch (err) {
    process.stderr.write(`webhook:create: ${(err as Error).message}\n\nUsage:\n${WEBHOOK_CREATE_USAGE}`);
    return 64;
  }

  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, WebhookEndpointsModule] })
  class WebhookCliModule {}
  const ctx = await NestFactory.createApplicationContext(WebhookCliModule, { logger: ['error'] });
  try {
    const created = await ctx.get(WebhookEndpointService).create(request.workspaceId, request.verification);
    const url = `${(config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '')}${created.path}`;
    const checks = describeVerification(request.verification);
    process.stdout.write(
      request.json
        ? JSON.stringify({ ...created, url, verification: checks }) + '\n'
        : `Webhook endpoint ${created.endpointId} (${created.vendor}) for workspace ${created.workspaceId}\n` +
            `  URL:   ${url}\n  path:  ${created.path}\n  token: ${created.token}\n  checks: ${checks}\n` +
            `The token is shown once; store it now. Vendor-side setup: docs/webhooks.md.\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof UnknownWorkspaceError)) throw err;
    process.stderr.write(`webhook:create: ${err.message}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

function readArguments(args: string[]): { workspaceId: string; verification: EndpointVerification; json: boolean } {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  const vendor = values.vendor ?? '';
  if (!values.workspace) throw new WebhookSettingsError('--workspace', 'is required (the workspace id)');
  if (!isWebhookVendor(vendor)) throw new WebhookSettingsError('--vendor', `must be one of ${WEBHOOK_VENDORS.join(', ')}`);
  const verification = buildVerification(vendor, {
    sendgridPublicKey: values['sendgrid-public-key'],
    mailgunSigningKey: values['mailgun-signing-key'],
    postmarkBasicAuth: values['postmark-basic-auth'],
    postmarkHeader: values['postmark-header'],
    snsCertificates: values['sns-certificate']?.map((file) => readCertificateFile(file)),
    snsTopicArns: values['sns-topic-arn'],
    snsCertUrlPattern: values['sns-cert-url-pattern'],
  });
  return { workspaceId: values.workspace, verification, json: values.json };
}

export function readCertificateFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new WebhookSettingsError('--sns-certificate', `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
