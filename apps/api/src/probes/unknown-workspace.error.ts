/** A sending domain was added to a workspace that does not exist (only the CLI can name one that way). */
export class UnknownWorkspaceError extends Error {
  constructor(readonly workspaceId: string) {
    super(`workspace ${workspaceId} does not exist`);
  }
}
