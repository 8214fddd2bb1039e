import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { compileRule, type CompiledRule } from './notification-matcher';
import { NotificationRepository } from './notification.repository';

/** Other processes' rule changes are picked up within this time; this process's own ones at once. */
export const RULE_CACHE_REFRESH_MS = 10_000;

/**
 * Every workspace's enabled notification rules, compiled, in memory: the matcher looks a workspace up per stored
 * batch, so a workspace without rules costs one map lookup. Reloaded after each change made here and periodically.
 */
@Injectable()
export class NotificationRuleCache implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('notifications');
  private byWorkspace = new Map<string, CompiledRule[]>();
  private loading: Promise<void> | null = null;
  private reload: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly repository: NotificationRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh().catch((err: Error) => this.logger.warn(`notification rules not loaded: ${err.message}`));
    this.timer = setInterval(() => void this.refresh().catch((err: Error) => this.logger.warn(`notification rules not reloaded: ${err.message}`)), RULE_CACHE_REFRESH_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.loading?.catch(() => undefined);
  }

  rulesFor(workspaceId: string): readonly CompiledRule[] | undefined {
    return this.byWorkspace.get(workspaceId);
  }

  /** Reloads the rules; a call during a load waits for one more load that starts after it, so it sees its change. */
  refresh(): Promise<void> {
    if (this.loading) {
      this.reload ??= this.loading.then(
        () => this.startReload(),
        () => this.startReload(),
      );
      return this.reload;
    }
    this.loading = this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private startReload(): Promise<void> {
    this.reload = null;
    return this.refresh();
  }

  private async load(): Promise<void> {
    const next = new Map<string, CompiledRule[]>();
    for (const rule of await this.repository.listAllEnabled()) {
      const list = next.get(rule.workspaceId);
      if (list) list.push(compileRule(rule));
      else next.set(rule.workspaceId, [compileRule(rule)]);
    }
    this.byWorkspace = next;
  }
}
