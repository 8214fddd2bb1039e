import type { ClientMix } from './mail-clients';

export type SecurityGateway =
  | 'microsoft-defender'
  | 'proofpoint'
  | 'mimecast'
  | 'barracuda';

export interface BounceRates {
  /** Mailbox does not exist: 5.1.1. */
  readonly hard: number;
  /** Mailbox full, greylisting, temporary failure: 4.x.x. */
  readonly soft: number;
  /** Refused by policy or reputation: 5.7.1. */
  readonly block: number;
}

export interface RecipientDomain {
  readonly name: string;
  readonly kind: 'mailbox-provider' | 'corporate';
  /** Share of the contact list; the weights of all domains sum to 1. */
  readonly share: number;
  readonly bounceRates: BounceRates;
  /** Probability that a delivered message lands in the spam folder. */
  readonly spamRate: number;
  readonly clientMix: ClientMix;
  /** Corporate domains behind a link-scanning security gateway: every link is fetched at delivery. */
  readonly gateway?: SecurityGateway;
}

const CORPORATE_BOUNCES: BounceRates = {
  hard: 0.012,
  soft: 0.008,
  block: 0.003,
};
const CORPORATE_CLIENTS: ClientMix = {
  'apple-mail-mpp': 0.14,
  'apple-mail': 0.08,
  gmail: 0.1,
  outlook: 0.62,
  other: 0.06,
};

function corporate(
  name: string,
  share: number,
  gateway?: SecurityGateway,
): RecipientDomain {
  return {
    name,
    kind: 'corporate',
    share,
    bounceRates: CORPORATE_BOUNCES,
    spamRate: 0.02,
    clientMix: CORPORATE_CLIENTS,
    gateway,
  };
}

/** A B2C-leaning European list: big free-mail providers first, a long tail of company domains. */
export const RECIPIENT_DOMAINS: readonly RecipientDomain[] = [
  {
    name: 'gmail.com',
    kind: 'mailbox-provider',
    share: 0.335,
    bounceRates: { hard: 0.003, soft: 0.005, block: 0.002 },
    spamRate: 0.03,
    clientMix: {
      'apple-mail-mpp': 0.18,
      'apple-mail': 0.04,
      gmail: 0.7,
      outlook: 0.02,
      other: 0.06,
    },
  },
  {
    name: 'yahoo.com',
    kind: 'mailbox-provider',
    share: 0.07,
    bounceRates: { hard: 0.006, soft: 0.01, block: 0.005 },
    spamRate: 0.05,
    clientMix: {
      'apple-mail-mpp': 0.25,
      'apple-mail': 0.05,
      gmail: 0.02,
      outlook: 0.03,
      other: 0.65,
    },
  },
  {
    name: 'outlook.com',
    kind: 'mailbox-provider',
    share: 0.07,
    bounceRates: { hard: 0.005, soft: 0.008, block: 0.006 },
    spamRate: 0.04,
    clientMix: {
      'apple-mail-mpp': 0.22,
      'apple-mail': 0.05,
      gmail: 0.02,
      outlook: 0.63,
      other: 0.08,
    },
  },
  {
    name: 'hotmail.com',
    kind: 'mailbox-provider',
    share: 0.05,
    bounceRates: { hard: 0.009, soft: 0.008, block: 0.006 },
    spamRate: 0.05,
    clientMix: {
      'apple-mail-mpp': 0.2,
      'apple-mail': 0.05,
      gmail: 0.02,
      outlook: 0.63,
      other: 0.1,
    },
  },
  {
    name: 'icloud.com',
    kind: 'mailbox-provider',
    share: 0.09,
    bounceRates: { hard: 0.004, soft: 0.004, block: 0.001 },
    spamRate: 0.02,
    clientMix: {
      'apple-mail-mpp': 0.8,
      'apple-mail': 0.14,
      gmail: 0.01,
      outlook: 0.01,
      other: 0.04,
    },
  },
  // Microsoft's fictitious company names: realistic-looking, owned by nobody we could mail.
  corporate('contoso.com', 0.05, 'microsoft-defender'),
  corporate('fabrikam.com', 0.04, 'proofpoint'),
  corporate('northwindtraders.com', 0.035),
  corporate('adventure-works.com', 0.03),
  corporate('wingtiptoys.com', 0.025),
  corporate('tailspintoys.com', 0.025),
  corporate('litwareinc.com', 0.02, 'microsoft-defender'),
  corporate('proseware.com', 0.02),
  corporate('fourthcoffee.com', 0.02),
  corporate('woodgrovebank.com', 0.02),
  corporate('alpineskihouse.com', 0.02),
  corporate('blueyonderairlines.com', 0.02, 'barracuda'),
  corporate('margiestravel.com', 0.015),
  corporate('lucernepublishing.com', 0.015),
  corporate('wideworldimporters.com', 0.015, 'mimecast'),
  corporate('treyresearch.net', 0.015),
];

const BY_NAME = new Map(RECIPIENT_DOMAINS.map((d) => [d.name, d]));

export function findRecipientDomain(name: string): RecipientDomain | undefined {
  return BY_NAME.get(name.toLowerCase());
}
