/** The message_states columns that a message's events set (the rest are defaults and the generated status). */
export const MESSAGE_STATE_COLUMNS = `workspace_id, message_id, campaign_id, variant, contact_email, contact_external_id, recipient_domain,
    sent_at, first_delivered_at, last_delivered_at, last_deferred_at, last_bounced_at, bounce_class,
    first_open_at, first_human_open_at, first_click_at, first_human_click_at, replied_at, complained_at,
    unsubscribed_at, open_count, click_count, last_event_at, updated_at`;

/**
 * Those columns aggregated over rows of email events grouped by (workspace_id, message_id). Live ingestion applies
 * them to each stored group and merges the result into the existing row (ON CONFLICT); a replay applies them to all
 * of a message's stored events. One definition, so a rebuilt state equals the one written live.
 * `bounceClass` is the expression giving a bounce's class in the source rows.
 */
export const messageStateAggregates = (bounceClass: string) => `workspace_id, message_id,
    max(campaign_id), max(variant), max(contact_email), max(contact_external_id), max(recipient_domain),
    min(occurred_at) FILTER (WHERE type = 'email.sent'),
    min(occurred_at) FILTER (WHERE type = 'email.delivered'),
    max(occurred_at) FILTER (WHERE type = 'email.delivered'),
    max(occurred_at) FILTER (WHERE type = 'email.deferred'),
    max(occurred_at) FILTER (WHERE type = 'email.bounced'),
    (array_agg(${bounceClass} ORDER BY occurred_at DESC) FILTER (WHERE type = 'email.bounced'))[1],
    min(occurred_at) FILTER (WHERE type = 'email.opened'),
    min(occurred_at) FILTER (WHERE type = 'email.opened' AND verdict <> 'machine'),
    min(occurred_at) FILTER (WHERE type = 'email.clicked'),
    min(occurred_at) FILTER (WHERE type = 'email.clicked' AND verdict <> 'machine'),
    min(occurred_at) FILTER (WHERE type = 'email.replied'),
    min(occurred_at) FILTER (WHERE type = 'email.complained'),
    min(occurred_at) FILTER (WHERE type = 'email.unsubscribed'),
    count(*) FILTER (WHERE type = 'email.opened'),
    count(*) FILTER (WHERE type = 'email.clicked'),
    max(occurred_at), now()`;
