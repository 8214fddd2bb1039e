import type { EventDraft } from '../engine/event-draft';
import type { Campaign } from './campaign';

/** created (with the user action that created it), started, and stopped once the last message is handed over. */
export function campaignLifecycleDrafts(campaign: Campaign): EventDraft[] {
  const variants = campaign.variants.map((v) => v.id);
  return [
    {
      atMs: campaign.createdAtMs,
      type: 'user.action',
      label: 'human',
      properties: { userId: campaign.createdBy, action: 'campaign.create' },
    },
    {
      atMs: campaign.createdAtMs + 1,
      type: 'campaign.created',
      label: 'human',
      campaignId: campaign.id,
      properties: {
        name: campaign.name,
        audienceSize: campaign.audienceSize,
        variants,
        createdBy: campaign.createdBy,
      },
    },
    {
      atMs: campaign.startMs - 1,
      type: 'campaign.started',
      label: 'human',
      campaignId: campaign.id,
      properties: { audienceSize: campaign.audienceSize },
    },
    {
      atMs: campaign.sendEndMs + 1000,
      type: 'campaign.stopped',
      label: 'human',
      campaignId: campaign.id,
      properties: { reason: 'completed' },
    },
  ];
}
