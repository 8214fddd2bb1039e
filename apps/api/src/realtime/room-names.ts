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

/** The workspace a room belongs to, or null for rooms that are not workspace rooms (e.g. socket ids). */
export function workspaceOfRoom(room: string): string | null {
  const match = /^workspace:([0-9a-f-]{36})(?::campaign:.*)?$/s.exec(room);
  return match ? match[1]! : null;
}
