import type { LoggerService, LogLevel } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';

const ORDER = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
const NEST_LEVEL: Record<string, LogLevel> = { fatal: 'fatal', error: 'error', warn: 'warn', info: 'log', debug: 'debug', trace: 'verbose' };

/** Nest's logger limited to LOG_LEVEL; JSON lines when not on a terminal, so logs stay machine-readable. */
export function createAppLogger(level: string): LoggerService | false {
  if (level === 'silent') return false;
  const upTo = ORDER.indexOf(level as (typeof ORDER)[number]);
  const levels = ORDER.slice(0, upTo + 1).map((l) => NEST_LEVEL[l]!);
  return new ConsoleLogger({ logLevels: levels, json: !process.stdout.isTTY, prefix: 'mailpulse' });
}
