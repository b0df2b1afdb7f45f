/** What Waarborg e-mails people about; each user chooses per kind how they hear of it. */
export const NOTIFICATION_KINDS = [
  'reviewer_assigned',
  'reviews_complete',
  'sent_back',
  'decision',
  'publication',
  'reassessment_due',
  'condition_due',
  'condition_overdue',
  'feedback_new',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What Waarborg e-mails people without an account about, to the address they left: no
 * preferences (they asked for this one message), always at once.
 */
export const ADDRESS_MAIL_KINDS = ['feedback_answer'] as const;
export type AddressMailKind = (typeof ADDRESS_MAIL_KINDS)[number];

/** At once, in one message a day, or not by e-mail. */
export const DELIVERY_MODES = ['immediate', 'digest', 'off'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/**
 * Where a message stands: `pending` until sent (or retried later), `sending` while an instance
 * holds it, `sent`, `failed` after the last attempt; `digest` waits for the daily digest, which
 * marks it `digested` once it is in one.
 */
export const OUTBOX_STATES = [
  'pending',
  'sending',
  'sent',
  'failed',
  'digest',
  'digested',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
