import { generateKeyPairSync } from 'node:crypto';
import { snsNotification, SES_DELIVERY, SNS_SUBSCRIPTION_CONFIRMATION } from '../parsers/fixtures/ses.examples';
import { DEFAULT_SNS_CERT_URL_PATTERN, SesVerification } from '../webhook-settings';
import { makeSnsSigningCertificate, signSnsMessage } from './fixtures/signing-keys';
import { snsStringToSign, verifySnsMessage, verifySnsRawDelivery } from './sns-signature.verifier';

describe('snsStringToSign (AWS canonical form)', () => {
  it('a Notification: Message, MessageId, Subject, Timestamp, TopicArn, Type, each as name\\nvalue\\n', () => {
    const message = { Type: 'Notification', MessageId: 'id-1', TopicArn: 'arn:t', Subject: 'subj', Message: 'Hello\nworld', Timestamp: '2012-05-02T00:54:06.655Z', Signature: 'x', UnsubscribeURL: 'u' };
    expect(snsStringToSign(message)).toBe('Message\nHello\nworld\nMessageId\nid-1\nSubject\nsubj\nTimestamp\n2012-05-02T00:54:06.655Z\nTopicArn\narn:t\nType\nNotification\n');
  });

  it('a Notification without Subject leaves Subject out', () => {
    expect(snsStringToSign({ Type: 'Notification', MessageId: 'i', Message: 'm', Timestamp: 't', TopicArn: 'a' })).toBe('Message\nm\nMessageId\ni\nTimestamp\nt\nTopicArn\na\nType\nNotification\n');
  });

  it('a SubscriptionConfirmation signs SubscribeURL and Token, not Subject', () => {
    expect(snsStringToSign(SNS_SUBSCRIPTION_CONFIRMATION)).toBe(
      `Message\n${SNS_SUBSCRIPTION_CONFIRMATION.Message}\nMessageId\n${SNS_SUBSCRIPTION_CONFIRMATION.MessageId}\nSubscribeURL\n${SNS_SUBSCRIPTION_CONFIRMATION.SubscribeURL}\n` +
        `Timestamp\n${SNS_SUBSCRIPTION_CONFIRMATION.Timestamp}\nToken\n${SNS_SUBSCRIPTION_CONFIRMATION.Token}\nTopicArn\n${SNS_SUBSCRIPTION_CONFIRMATION.TopicArn}\nType\nSubscriptionConfirmation\n`,
    );
  });

  it.each([
    ['an unknown Type', { Type: 'Other', MessageId: 'i' }],
    ['a missing signed field', { Type: 'SubscriptionConfirmation', MessageId: 'i', Message: 'm', Timestamp: 't', TopicArn: 'a' }],
  ])('%s cannot be signed', (_name, message) => {
    expect(snsStringToSign(message)).toBeNull();
  });
});

describe('verifySnsMessage with a real key pair and self-signed certificate', () => {
  const { privateKeyPem, certificatePem } = makeSnsSigningCertificate();
  const settings: SesVerification = { certificateUrlPattern: DEFAULT_SNS_CERT_URL_PATTERN, certificates: [certificatePem], topicArns: [] };
  const notification = snsNotification(SES_DELIVERY);

  it.each([
    ['SignatureVersion 1 (SHA1withRSA), Notification', signSnsMessage(notification, privateKeyPem, '1')],
    ['SignatureVersion 2 (SHA256withRSA), Notification', signSnsMessage(notification, privateKeyPem, '2')],
    ['SignatureVersion 1, SubscriptionConfirmation', signSnsMessage(SNS_SUBSCRIPTION_CONFIRMATION, privateKeyPem, '1')],
    ['SignatureVersion 2, SubscriptionConfirmation', signSnsMessage(SNS_SUBSCRIPTION_CONFIRMATION, privateKeyPem, '2')],
  ])('accepts %s', (_name, message) => {
    expect(verifySnsMessage(message, settings)).toEqual({ ok: true });
  });

  it('accepts a configured public key PEM as well as a certificate', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signed = signSnsMessage(notification, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    expect(verifySnsMessage(signed, { ...settings, certificates: [publicKey.export({ type: 'spki', format: 'pem' }).toString()] })).toEqual({ ok: true });
  });

  it('accepts when any of several configured certificates matches (rotation)', () => {
    const other = makeSnsSigningCertificate();
    expect(verifySnsMessage(signSnsMessage(notification, privateKeyPem), { ...settings, certificates: [other.certificatePem, certificatePem] })).toEqual({ ok: true });
  });

  const signed = signSnsMessage(notification, privateKeyPem);
  it.each([
    ['a changed Message', { ...signed, Message: '{"eventType":"Delivery"}' }, false, /does not match/],
    ['a changed Subject', { ...signed, Subject: 'Other' }, false, /does not match/],
    ['a signature from another key', signSnsMessage(notification, makeSnsSigningCertificate().privateKeyPem), false, /does not match/],
    ['SHA256 signature labelled version 1', { ...signed, SignatureVersion: '1' }, false, /does not match/],
    ['an unsupported SignatureVersion', { ...signed, SignatureVersion: '3' }, false, /SignatureVersion/],
    ['no Signature', { ...signed, Signature: undefined }, true, /Signature is missing/],
    ['garbage base64', { ...signed, Signature: '!!!' }, false, /does not match/],
    ['no SigningCertURL', { ...signed, SigningCertURL: undefined }, true, /SigningCertURL is missing/],
    ['a SigningCertURL outside amazonaws.com', { ...signed, SigningCertURL: 'https://sns.us-west-2.amazonaws.com.evil.example/SimpleNotificationService-1.pem' }, false, /does not match the accepted pattern/],
    ['an http SigningCertURL', { ...signed, SigningCertURL: 'http://sns.us-west-2.amazonaws.com/SimpleNotificationService-1.pem' }, false, /pattern/],
  ])('refuses %s', (_name, message, missing, reason) => {
    const result = verifySnsMessage(message, settings);
    expect(result).toEqual({ ok: false, missing, reason: expect.stringMatching(reason) });
  });

  it('refuses a topic the endpoint does not accept, when topics are configured', () => {
    expect(verifySnsMessage(signed, { ...settings, topicArns: ['arn:aws:sns:us-east-1:123456789012:Other'] })).toMatchObject({ ok: false, reason: expect.stringMatching(/TopicArn/) });
    expect(verifySnsMessage(signed, { ...settings, topicArns: [String(signed['TopicArn'])] })).toEqual({ ok: true });
  });

  it('without a configured certificate only the URL pattern is checked', () => {
    const noCert = { ...settings, certificates: [] };
    expect(verifySnsMessage({ ...signed, Signature: 'anything' }, noCert)).toEqual({ ok: true });
    expect(verifySnsMessage({ ...signed, SigningCertURL: 'https://example.com/cert.pem' }, noCert)).toMatchObject({ ok: false });
  });
});

describe('verifySnsRawDelivery', () => {
  const base: SesVerification = { certificateUrlPattern: DEFAULT_SNS_CERT_URL_PATTERN, certificates: [], topicArns: [] };
  const TOPIC = 'arn:aws:sns:us-east-1:123456789012:ses-events';
  it.each([
    ['no certificates, any topic', base, TOPIC, { ok: true }],
    ['no certificates, no topic header', base, undefined, { ok: true }],
    ['an accepted topic', { ...base, topicArns: [TOPIC] }, TOPIC, { ok: true }],
    ['another topic', { ...base, topicArns: [TOPIC] }, 'arn:aws:sns:us-east-1:123456789012:other', { ok: false, missing: false }],
    ['no topic header where topics are configured', { ...base, topicArns: [TOPIC] }, undefined, { ok: false, missing: false }],
    ['an endpoint that checks signatures', { ...base, certificates: ['-----BEGIN CERTIFICATE-----'] }, TOPIC, { ok: false, missing: true }],
  ])('%s', (_name, settings, topic, expected) => {
    expect(verifySnsRawDelivery(topic, settings)).toMatchObject(expected);
  });
});
