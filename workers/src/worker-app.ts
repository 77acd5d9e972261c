import 'reflect-metadata';
import { INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { MimamoriConfig } from '@mimamori/db';
import type { WorkerOptions } from './runs/analysis.worker';
import { WorkerModule } from './worker.module';

export interface StartWorkerOptions extends WorkerOptions {
  /** false silences Nest's logger (tests). */
  logger?: false;
}

export interface RunningWorker {
  app: INestApplicationContext;
  /** Finishes the current jobs, then closes the queue, database and Redis connections. */
  stop(): Promise<void>;
}

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The worker process as a Nest application context (no HTTP). Boot fails when an analysis type
 * has no handler or two; once it resolves, the BullMQ worker is taking jobs.
 */
export function createWorkerApp(config: MimamoriConfig, options: StartWorkerOptions = {}): Promise<INestApplicationContext> {
  const { logger, ...workerOptions } = options;
  return NestFactory.createApplicationContext(WorkerModule.forRoot(config, workerOptions), {
    logger: logger === false ? false : LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    abortOnError: false,
  });
}

export async function startWorker(config: MimamoriConfig, options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const app = await createWorkerApp(config, options);
  let stopping: Promise<void> | undefined;
  return { app, stop: () => (stopping ??= app.close()) };
}
