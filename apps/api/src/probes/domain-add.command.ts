import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigModule } from '../config/config.module';
import type { AppConfig } from '../config/config.schema';
import { DatabaseModule } from '../database/database.module';
import { dkimSelectors, domainName } from './dto/probe-targets.dto';
import { SendingDomainService } from './sending-domain.service';
import { SendingDomainsModule } from './sending-domains.module';
import { UnknownWorkspaceError } from './unknown-workspace.error';

export const DOMAIN_ADD_USAGE = `  domain:add --workspace <id> --domain <domain> [--dkim-selector s1,s2] [--json]
                                             Watch a sending domain: SPF, DKIM (per selector), DMARC and MX checks.
`;

const OPTIONS = {
  workspace: { type: 'string' },
  domain: { type: 'string' },
  'dkim-selector': { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
} as const;

/** `domain:add`: exit 0 with the domain printed, 64 for wrong usage, 1 for an unknown workspace. */
export async function runDomainAdd(args: string[], config: AppConfig): Promise<number> {
  let request: { workspaceId: string; domain: string; dkimSelectors: string[]; json: boolean };
  try {
    request = readArguments(args);
  } catch (err) {
    process.stderr.write(`domain:add: ${(err as Error).message}\n\nUsage:\n${DOMAIN_ADD_USAGE}`);
    return 64;
  }

  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule, SendingDomainsModule] })
  class DomainCliModule {}
  const ctx = await NestFactory.createApplicationContext(DomainCliModule, { logger: ['error'] });
  try {
    const { created, domain } = await ctx.get(SendingDomainService).addDomain(request.workspaceId, request);
    const selectors = domain.dkimSelectors.length ? domain.dkimSelectors.join(', ') : 'none';
    process.stdout.write(
      request.json
        ? JSON.stringify({ workspaceId: request.workspaceId, created, ...domain }) + '\n'
        : `Sending domain ${domain.domain} ${created ? 'added to' : 'updated in'} workspace ${request.workspaceId} (DKIM selectors: ${selectors}).\n` +
            `It is checked on the next probe run (POST /v1/probes/run runs one now).\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof UnknownWorkspaceError)) throw err;
    process.stderr.write(`domain:add: ${err.message}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

function readArguments(args: string[]): { workspaceId: string; domain: string; dkimSelectors: string[]; json: boolean } {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (!values.workspace) throw new Error('--workspace is required (the workspace id)');
  if (!z.uuid().safeParse(values.workspace).success) throw new Error(`--workspace must be a workspace id (a UUID), not "${values.workspace}"`);
  const domain = domainName.safeParse(values.domain);
  if (!domain.success) throw new Error(`--domain ${values.domain === undefined ? 'is required' : domain.error.issues[0]!.message}`);
  // --dkim-selector s1,s2 and --dkim-selector s1 --dkim-selector s2 both work.
  const selectors = dkimSelectors.safeParse((values['dkim-selector'] ?? []).flatMap((s) => s.split(',')).filter((s) => s.trim()));
  if (!selectors.success) throw new Error(`--dkim-selector ${selectors.error.issues[0]!.message}`);
  return { workspaceId: values.workspace, domain: domain.data, dkimSelectors: selectors.data, json: values.json };
}
