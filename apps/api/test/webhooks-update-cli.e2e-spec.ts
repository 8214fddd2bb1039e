import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SES_DELIVERY, snsNotification } from '../src/webhooks/parsers/fixtures/ses.examples';
import { makeSnsSigningCertificate, signSnsMessage } from '../src/webhooks/verifiers/fixtures/signing-keys';
import { WebhookEndpointService } from '../src/webhooks/webhook-endpoint.service';
import { buildVerification } from '../src/webhooks/webhook-settings';
import { runWebhookUpdate } from '../src/webhooks/webhook-update.command';
import { startTestApp, TestApp } from './support/test-app';

/** `npm run mailpulse -- webhook:update …`, run in this process (the command's function, as the CLI calls it). */
async function update(t: TestApp, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { status: await runWebhookUpdate(args, t.config), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('npm run mailpulse -- webhook:update', () => {
  let t: TestApp;
  const dir = mkdtempSync(join(tmpdir(), 'mailpulse-webhook-update-'));

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ses-events';

  it('sets the SNS certificate on an existing SES endpoint: unsigned messages are refused from then on, signed ones accepted, the topic kept', async () => {
    const { workspaceId } = await t.newWorkspace();
    const endpoints = t.app.get(WebhookEndpointService);
    const created = await endpoints.create(workspaceId, buildVerification('ses', { snsTopicArns: [TOPIC] }));
    const { privateKeyPem, certificatePem } = makeSnsSigningCertificate();
    const certFile = join(dir, 'sns.pem');
    writeFileSync(certFile, certificatePem);

    const out = await update(t, '--workspace', workspaceId, '--endpoint', created.endpointId, '--sns-certificate', certFile, '--json');
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ endpointId: created.endpointId, workspaceId, vendor: 'ses', verification: expect.stringMatching(/SNS signatures checked against 1 configured certificate/) });

    // The endpoint as a newly started process reads it (this process's cache may hold the old settings for 30 s).
    const stored = await endpoints.find(workspaceId, created.endpointId);
    expect(stored?.verification).toEqual({ vendor: 'ses', settings: expect.objectContaining({ topicArns: [TOPIC], certificates: [expect.stringContaining('BEGIN CERTIFICATE')] }) });

    const fresh = await startTestApp();
    try {
      const at = new Date(Date.now() - 60_000).toISOString();
      const record = JSON.stringify(SES_DELIVERY).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, JSON.stringify(at));
      const message = snsNotification(record, { Timestamp: at, TopicArn: TOPIC });
      const post = (body: unknown) => fetch(`${fresh.baseUrl}${created.path}`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=UTF-8' }, body: JSON.stringify(body) });
      expect((await post(message)).status).toBe(401);
      expect((await post(signSnsMessage(message, privateKeyPem))).status).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('prints the checks in words without --json', async () => {
    const { workspaceId } = await t.newWorkspace();
    const created = await t.app.get(WebhookEndpointService).create(workspaceId, buildVerification('mailgun', {}));
    const out = await update(t, '--workspace', workspaceId, '--endpoint', created.endpointId, '--mailgun-signing-key', 'key-123');
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`^Webhook endpoint ${created.endpointId} \\(mailgun\\) of workspace ${workspaceId} updated\\n  checks: `));
  });

  it.each<[string, number, RegExp, (ids: { workspaceId: string; endpointId: string }) => string[]]>([
    ['no --endpoint', 64, /--endpoint: is required/, (ids) => ['--workspace', ids.workspaceId, '--sns-topic-arn', TOPIC]],
    ['no setting to change', 64, /or another setting to change is required/, (ids) => ['--workspace', ids.workspaceId, '--endpoint', ids.endpointId]],
    ['a flag of another vendor', 64, /--mailgun-signing-key: applies to --vendor mailgun, not ses/, (ids) => ['--workspace', ids.workspaceId, '--endpoint', ids.endpointId, '--mailgun-signing-key', 'k']],
    ['a malformed topic', 64, /--sns-topic-arn: "nope" is not an SNS topic ARN/, (ids) => ['--workspace', ids.workspaceId, '--endpoint', ids.endpointId, '--sns-topic-arn', 'nope']],
    ['an unreadable certificate file', 64, /--sns-certificate: cannot read/, (ids) => ['--workspace', ids.workspaceId, '--endpoint', ids.endpointId, '--sns-certificate', '/nonexistent.pem']],
    ['an endpoint of another workspace', 1, /No active webhook endpoint/, (ids) => ['--workspace', '00000000-0000-0000-0000-000000000000', '--endpoint', ids.endpointId, '--sns-topic-arn', TOPIC]],
    ['an endpoint id that is not a uuid', 1, /No active webhook endpoint acme/, (ids) => ['--workspace', ids.workspaceId, '--endpoint', 'acme', '--sns-topic-arn', TOPIC]],
  ])('%s: exit %i with a message, nothing changed', async (_name, status, message, args) => {
    const { workspaceId } = await t.newWorkspace();
    const endpoints = t.app.get(WebhookEndpointService);
    const created = await endpoints.create(workspaceId, buildVerification('ses', {}));
    const out = await update(t, ...args({ workspaceId, endpointId: created.endpointId }));
    expect(out.status).toBe(status);
    expect(out.stderr).toMatch(message);
    expect(out.stdout).toBe('');
    expect((await endpoints.find(workspaceId, created.endpointId))?.verification.settings).toMatchObject({ certificates: [], topicArns: [] });
  });
});
