/** The room of a whole workspace. */
export function workspaceRoom(workspaceId: string): string {
  return `workspace:${workspaceId}`;
}

/** The room of one campaign of a workspace. */
export function campaignRoom(workspaceId: string, campaignId: string): string {
  return `workspace:${workspaceId}:campaign:${campaignId}`;
}

export function roomOf(workspaceId: string, campaignId: string | null): string {
  return campaignId === null ? workspaceRoom(workspaceId) : campaignRoom(workspaceId, campaignId);
}
