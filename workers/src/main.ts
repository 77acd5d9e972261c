import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { describeConfig, loadConfig } from '@mimamori/db';
import { startWorker } from './worker-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const worker = await startWorker(config);
  const logger = new Logger('Worker');
  logger.log(`configuration: ${JSON.stringify(describeConfig(config))}`);
  logger.log(`worker ready (queue prefix "${config.queuePrefix}", concurrency ${config.workerConcurrency})`);
  const shutdown = (signal: string) => {
    logger.log(`${signal}: finishing the current jobs, then stopping`);
    worker.stop().then(
      () => process.exit(0),
      (err: Error) => {
        logger.error(`shutdown failed: ${err.message}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

bootstrap().catch((err: Error) => {
  console.error(`[mimamori] worker failed to start: ${err.message}`);
  process.exit(1);
});
