import { makeSendGridKeyPair, makeSnsSigningCertificate } from './verifiers/fixtures/signing-keys';
import { buildVerification, DEFAULT_SNS_CERT_URL_PATTERN, describeVerification, parseVerification, VerificationFlags, WebhookSettingsError } from './webhook-settings';
import type { WebhookVendor } from './webhook-vendor';

describe('buildVerification (webhook:create flags → stored settings)', () => {
  it('SES: certificates, topics and the default certificate URL pattern', () => {
    const { certificatePem } = makeSnsSigningCertificate();
    const v = buildVerification('ses', { snsCertificates: [certificatePem], snsTopicArns: ['arn:aws:sns:us-east-1:123456789012:ses-events'] });
    expect(v).toEqual({ vendor: 'ses', settings: { certificateUrlPattern: DEFAULT_SNS_CERT_URL_PATTERN, certificates: [expect.stringContaining('BEGIN CERTIFICATE')], topicArns: ['arn:aws:sns:us-east-1:123456789012:ses-events'] } });
    expect(new RegExp(DEFAULT_SNS_CERT_URL_PATTERN).test('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc123.pem')).toBe(true);
  });

  it('SendGrid: the base64 DER key is stored as PEM', () => {
    const v = buildVerification('sendgrid', { sendgridPublicKey: makeSendGridKeyPair().publicKeyBase64 });
    expect(v.settings).toEqual({ publicKey: expect.stringContaining('BEGIN PUBLIC KEY') });
  });

  it('stored settings read back the same', () => {
    const v = buildVerification('postmark', { postmarkBasicAuth: 'u:p' });
    expect(parseVerification('postmark', JSON.parse(JSON.stringify(v.settings)))).toEqual(v);
    expect(parseVerification('ses', {})).toEqual({ vendor: 'ses', settings: { certificateUrlPattern: DEFAULT_SNS_CERT_URL_PATTERN, certificates: [], topicArns: [] } });
  });

  it.each<[string, WebhookVendor, VerificationFlags, string]>([
    ['a Mailgun key for SendGrid', 'sendgrid', { mailgunSigningKey: 'k' }, '--mailgun-signing-key'],
    ['a SendGrid key for Postmark', 'postmark', { sendgridPublicKey: 'k' }, '--sendgrid-public-key'],
    ['Postmark auth for SES', 'ses', { postmarkBasicAuth: 'u:p' }, '--postmark-basic-auth'],
    ['an SNS certificate for Mailgun', 'mailgun', { snsCertificates: ['x'] }, '--sns-certificate'],
    ['an empty Mailgun key', 'mailgun', { mailgunSigningKey: '  ' }, '--mailgun-signing-key'],
    ['basic auth without a password', 'postmark', { postmarkBasicAuth: 'user' }, '--postmark-basic-auth'],
    ['basic auth without a user', 'postmark', { postmarkBasicAuth: ':pass' }, '--postmark-basic-auth'],
    ['a header without a value', 'postmark', { postmarkHeader: 'X-Secret' }, '--postmark-header'],
    ['a header with a bad name', 'postmark', { postmarkHeader: 'X Secret: v' }, '--postmark-header'],
    ['a SendGrid key that is no key', 'sendgrid', { sendgridPublicKey: 'bm90IGEga2V5' }, '--sendgrid-public-key'],
    ['an SNS certificate that is no PEM', 'ses', { snsCertificates: ['hello'] }, '--sns-certificate'],
    ['a certificate URL pattern that is no regex', 'ses', { snsCertUrlPattern: '(' }, '--sns-cert-url-pattern'],
    ['a topic that is no SNS ARN', 'ses', { snsTopicArns: ['arn:aws:sqs:us-east-1:123456789012:q'] }, '--sns-topic-arn'],
  ])('refuses %s, naming the flag', (_name, vendor, flags, flag) => {
    expect(() => buildVerification(vendor, flags)).toThrow(WebhookSettingsError);
    expect(() => buildVerification(vendor, flags)).toThrow(new RegExp(`^${flag}: `));
  });

  it.each<[WebhookVendor, VerificationFlags, RegExp]>([
    ['ses', {}, /NOT checked/],
    ['sendgrid', {}, /NOT checked/],
    ['mailgun', { mailgunSigningKey: 'k' }, /checked with the configured signing key/],
    ['postmark', { postmarkBasicAuth: 'u:p', postmarkHeader: 'X-A: b' }, /basic auth and the x-a header/],
  ])('describes what %s checks', (vendor, flags, expected) => {
    expect(describeVerification(buildVerification(vendor, flags))).toMatch(expected);
  });
});
