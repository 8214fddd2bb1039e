import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { createApp } from './app.factory';
import { reportWorkerReady, runPrimary } from './cluster/api-workers';
import { AppConfig, ConfigError, loadConfig } from './config/config.schema';

/** The URL the node is reached at, and one machine-readable line for the scripts and tests that start it. */
function announceReady(config: AppConfig): void {
  const url = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  Logger.log(`Mailpulse is ready at ${url}`, 'main');
  process.stdout.write(`MAILPULSE_READY ${url}\n`);
}

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  if (config.API_WORKERS > 1 && cluster.isPrimary) {
    runPrimary(config.API_WORKERS, () => announceReady(config));
    return;
  }
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  if (cluster.isWorker) reportWorkerReady();
  else announceReady(config);
}

bootstrap().catch((err: Error) => {
  console.error(`Mailpulse failed to start: ${err.stack ?? err.message}`);
  process.exit(1);
});
