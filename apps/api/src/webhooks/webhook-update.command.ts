import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { DatabaseModule } from '../database/database.module';
import { readCertificateFile } from './webhook-create.command';
import { UnknownEndpointError, WebhookEndpointService } from './webhook-endpoint.service';
import { WebhookEndpointsModule } from './webhook-endpoints.module';
import { describeVerification, VerificationFlags, WebhookSettingsError } from './webhook-settings';

export const WEBHOOK_UPDATE_USAGE = `  webhook:update --workspace <id> --endpoint <id> [--json]
      [--sns-certificate <PEM file>]... [--sns-topic-arn <arn>]... [--sns-cert-url-pattern <regex>]
      [--sendgrid-public-key <key>] [--mailgun-signing-key <key>] [--postmark-basic-auth <user:password>]
      [--postmark-header "<Name>: <secret>"]
                                             Change how an endpoint's requests are checked; each flag given replaces
                                             its setting (the token stays). API processes apply it within 30 s.
`;

const OPTIONS = {
  workspace: { type: 'string' },
  endpoint: { type: 'string' },
  json: { type: 'boolean', default: false },
  'sendgrid-public-key': { type: 'string' },
  'mailgun-signing-key': { type: 'string' },
  'postmark-basic-auth': { type: 'string' },
  'postmark-header': { type: 'string' },
  'sns-certificate': { type: 'string', multiple: true },
  'sns-topic-arn': { type: 'string', multiple: true },
  'sns-cert-url-pattern': { type: 'string' },
} as const;

interface UpdateRequest {
  workspaceId: string;
  endpointId: string;
  flags: VerificationFlags;
  json: boolean;
}

/**
 * `webhook:update`: exit 0 with the endpoint's checks printed, 64 for wrong usage (or a flag of another vendor),
 * 1 for an unknown or revoked endpoint.
 */
export async function runWebhookUpdate(args: string[], config: AppConfig): Promise<number> {
  let request: UpdateRequest;
  try {
    request = readArguments(args);
  } catch (err) {
    process.stderr.write(`webhook:update: ${(err as Error).message}\n\nUsage:\n${WEBHOOK_UPDATE_USAGE}`);
    return 64;
  }

  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, WebhookEndpointsModule] })
  class WebhookCliModule {}
  const ctx = await NestFactory.createApplicationContext(WebhookCliModule, { logger: ['error'] });
  try {
    const updated = await ctx.get(WebhookEndpointService).updateVerification(request.workspaceId, request.endpointId, request.flags);
    const checks = describeVerification(updated.verification);
    process.stdout.write(
      request.json
        ? JSON.stringify({ endpointId: updated.id, workspaceId: updated.workspaceId, vendor: updated.vendor, verification: checks }) + '\n'
        : `Webhook endpoint ${updated.id} (${updated.vendor}) of workspace ${updated.workspaceId} updated\n  checks: ${checks}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof WebhookSettingsError) {
      process.stderr.write(`webhook:update: ${err.message}\n`);
      return 64;
    }
    if (!(err instanceof UnknownEndpointError)) throw err;
    process.stderr.write(`webhook:update: ${err.message}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

function readArguments(args: string[]): UpdateRequest {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (!values.workspace) throw new WebhookSettingsError('--workspace', 'is required (the workspace id)');
  if (!values.endpoint) throw new WebhookSettingsError('--endpoint', 'is required (the endpoint id webhook:create printed)');
  const flags: VerificationFlags = {
    sendgridPublicKey: values['sendgrid-public-key'],
    mailgunSigningKey: values['mailgun-signing-key'],
    postmarkBasicAuth: values['postmark-basic-auth'],
    postmarkHeader: values['postmark-header'],
    snsCertificates: values['sns-certificate']?.map((file) => readCertificateFile(file)),
    snsTopicArns: values['sns-topic-arn'],
    snsCertUrlPattern: values['sns-cert-url-pattern'],
  };
  if (Object.values(flags).every((v) => v === undefined)) throw new WebhookSettingsError('--sns-certificate', 'or another setting to change is required');
  return { workspaceId: values.workspace, endpointId: values.endpoint, flags, json: values.json };
}
