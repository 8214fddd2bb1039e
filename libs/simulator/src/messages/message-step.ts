import type { BounceClass } from '@mailpulse/contracts';

export type Label = 'human' | 'machine';

export type MessageEventType =
  | 'email.sent'
  | 'email.deferred'
  | 'email.delivered'
  | 'email.bounced'
  | 'email.opened'
  | 'email.clicked'
  | 'email.complained'
  | 'email.unsubscribed'
  | 'email.replied'
  | 'conversion';

/** The link index used for the unsubscribe link in `MessageStep.linkIndex`. */
export const UNSUBSCRIBE_LINK = -1;

/** One thing that happens in a message's life, before it is written as an event. */
export interface MessageStep {
  atMs: number;
  readonly type: MessageEventType;
  readonly label: Label;
  readonly bounceClass?: BounceClass;
  readonly smtpCode?: string;
  readonly reason?: string;
  readonly attempt?: number;
  readonly userAgent?: string;
  readonly ip?: string;
  readonly method?: 'GET' | 'HEAD';
  /** Index into the campaign's links, or UNSUBSCRIBE_LINK. */
  readonly linkIndex?: number;
  readonly amount?: number;
  readonly unsubscribeSource?: 'link' | 'one-click' | 'esp';
  /** First emitted open/click of this label for the message (clicks: content links only); drives unique counts. */
  first?: boolean;
  /** First emitted open/click of any label: what a dashboard that trusts every signal counts. */
  firstAny?: boolean;
}

export interface MessagePlan {
  /** Chronological; steps lost to a volume drop are already removed. */
  readonly steps: MessageStep[];
  /** The model's probability that a person opens this message (0 when it was never delivered). */
  readonly humanOpenProbability: number;
}
