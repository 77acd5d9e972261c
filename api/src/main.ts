import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { describeConfig, loadConfig } from '@mimamori/db';
import { createApp } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  const logger = new Logger('Mimamori');
  logger.log(`configuration: ${JSON.stringify(describeConfig(config))}`);
  logger.log(`Mimamori is running at http://localhost:${config.port} (API docs: /api/docs)`);
}

bootstrap().catch((err: Error) => {
  console.error(`[mimamori] API failed to start: ${err.message}`);
  process.exit(1);
});
