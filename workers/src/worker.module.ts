import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { MimamoriConfig } from '@mimamori/db';
import { ANALYSIS_PROVIDERS } from './analyses/analysis-handlers';
import { CoreModule } from './core/core.module';
import { HandlerRegistry } from './handlers/handler-registry';
import { AnalysisWorker, WORKER_OPTIONS, WorkerOptions } from './runs/analysis.worker';
import { RunContextFactory } from './runs/run-context.factory';
import { RunEventsPublisher } from './runs/run-events.publisher';
import { RunProcessor } from './runs/run.processor';
import { RunSweeper } from './runs/run-sweeper';
import { RunsRepository } from './runs/runs.repository';

@Module({})
export class WorkerModule {
  static forRoot(config: MimamoriConfig, options: WorkerOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), DiscoveryModule],
      providers: [
        { provide: WORKER_OPTIONS, useValue: options },
        ...ANALYSIS_PROVIDERS,
        HandlerRegistry,
        RunsRepository,
        RunEventsPublisher,
        RunContextFactory,
        RunProcessor,
        AnalysisWorker,
        RunSweeper,
      ],
    };
  }
}
