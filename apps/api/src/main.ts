import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config.schema';

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
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  const url = config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
  Logger.log(`Mailpulse is ready at ${url}`, 'main');
  // One machine-readable line for scripts and tests that start the server.
  process.stdout.write(`MAILPULSE_READY ${url}\n`);
}

bootstrap().catch((err: Error) => {
  console.error(`Mailpulse failed to start: ${err.stack ?? err.message}`);
  process.exit(1);
});
