import { Module } from '@nestjs/common';
import { AnalysesController } from './analyses.controller';
import { AnalysesRepository } from './analyses.repository';
import { AnalysesService } from './analyses.service';
import { AnalysisQueueService } from './analysis-queue.service';
import { RunEventsService } from './run-events.service';

@Module({
  controllers: [AnalysesController],
  providers: [AnalysesService, AnalysesRepository, AnalysisQueueService, RunEventsService],
})
export class AnalysesModule {}
