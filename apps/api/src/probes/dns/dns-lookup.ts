import { Inject, Injectable } from '@nestjs/common';
import { Resolver } from 'node:dns/promises';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import type { DnsAnswer } from './dns-answer';
import type { MxRecord } from './mx-records';

const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA']);

/** The probes' only door to DNS: a node:dns Resolver on PROBE_DNS_SERVERS (the system's servers when unset). */
@Injectable()
export class DnsLookup {
  private readonly resolver: Resolver;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.resolver = new Resolver({ timeout: config.PROBE_TIMEOUT_MS, tries: 2 });
    if (config.PROBE_DNS_SERVERS?.length) this.resolver.setServers(config.PROBE_DNS_SERVERS);
  }

  /** TXT records at `name`, each record's character strings joined (a long DKIM key is split into several). */
  txt(name: string): Promise<DnsAnswer<string>> {
    return this.ask(() => this.resolver.resolveTxt(name).then((records) => records.map((chunks) => chunks.join(''))));
  }

  mx(name: string): Promise<DnsAnswer<MxRecord>> {
    return this.ask(() => this.resolver.resolveMx(name));
  }

  private async ask<T>(query: () => Promise<T[]>): Promise<DnsAnswer<T>> {
    try {
      const records = await query();
      return records.length ? { kind: 'found', records } : { kind: 'none', code: 'ENODATA' };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
      return NO_RECORDS.has(code) ? { kind: 'none', code } : { kind: 'failed', code };
    }
  }
}
