import { createPublicKey, KeyObject, verify, X509Certificate } from 'node:crypto';
import type { SesVerification } from '../webhook-settings';
import { refused, VERIFIED, VerificationResult } from './verification-result';

const SIGNED_FIELDS: Record<string, readonly string[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

const ALGORITHMS: Record<string, string> = { '1': 'sha1', '2': 'sha256' };

/**
 * The string SNS signs (AWS: "Verifying the signatures of Amazon SNS messages"): for each signed field of the
 * message's type, in byte order, the field name, a newline, its value, a newline. `Subject` is signed only
 * when present. Null when the type is unknown or a signed field is missing.
 */
export function snsStringToSign(message: Record<string, unknown>): string | null {
  const fields = SIGNED_FIELDS[String(message['Type'])];
  if (!fields) return null;
  let out = '';
  for (const field of fields) {
    const value = message[field];
    if (value === undefined && field === 'Subject') continue;
    if (typeof value !== 'string') return null;
    out += `${field}\n${value}\n`;
  }
  return out;
}

function publicKeyOf(pem: string): KeyObject {
  return pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
}

/**
 * Checks an SNS message against an endpoint's settings: the topic (when topics are configured), the signing
 * certificate's URL, and — when certificates are configured — the signature (version 1: RSA-SHA1, version 2:
 * RSA-SHA256) with any of them. The certificate at SigningCertURL is never fetched.
 */
export function verifySnsMessage(message: Record<string, unknown>, settings: SesVerification): VerificationResult {
  const topicArn = message['TopicArn'];
  if (settings.topicArns.length && !settings.topicArns.includes(String(topicArn))) {
    return refused(`TopicArn ${JSON.stringify(topicArn)} is not one this endpoint accepts`);
  }
  const certUrl = message['SigningCertURL'];
  if (typeof certUrl !== 'string') return refused('SigningCertURL is missing', true);
  if (!new RegExp(settings.certificateUrlPattern).test(certUrl)) return refused(`SigningCertURL ${certUrl} does not match the accepted pattern`);
  if (settings.certificates.length === 0) return VERIFIED;

  const algorithm = ALGORITHMS[String(message['SignatureVersion'])];
  if (!algorithm) return refused(`SignatureVersion ${JSON.stringify(message['SignatureVersion'])} is not supported (1 or 2)`);
  const signature = message['Signature'];
  if (typeof signature !== 'string' || signature === '') return refused('Signature is missing', true);
  const stringToSign = snsStringToSign(message);
  if (stringToSign === null) return refused(`a signed field of this ${String(message['Type'])} message is missing`);
  const data = Buffer.from(stringToSign, 'utf8');
  const sig = Buffer.from(signature, 'base64');
  const matches = settings.certificates.some((pem) => {
    try {
      return verify(algorithm, data, publicKeyOf(pem), sig);
    } catch {
      return false;
    }
  });
  return matches ? VERIFIED : refused('Signature does not match the configured SNS certificate');
}

/**
 * Checks an SNS **raw message delivery** (the SES record as the body, SNS facts in `x-amz-sns-*` headers). Raw
 * delivery carries no signature, so an endpoint configured with certificates refuses it (turn raw delivery off on
 * the subscription, or create the endpoint without `--sns-certificate`); configured topics are checked against
 * the `x-amz-sns-topic-arn` header.
 */
export function verifySnsRawDelivery(topicArn: string | undefined, settings: SesVerification): VerificationResult {
  if (settings.certificates.length) {
    return refused('raw message delivery carries no SNS signature and this endpoint checks signatures; turn raw message delivery off on the subscription', true);
  }
  if (settings.topicArns.length && !settings.topicArns.includes(topicArn ?? '')) {
    return refused(`x-amz-sns-topic-arn ${JSON.stringify(topicArn ?? null)} is not a topic this endpoint accepts`);
  }
  return VERIFIED;
}
