export * from './contracts';
export { createWorkerApp, startWorker } from './worker-app';
export type { RunningWorker, StartWorkerOptions } from './worker-app';
export type { AnalysisContext, AnalysisHandler, AnalysisResult, ResultFeature } from './handlers/analysis-handler';
export { RunSweeper } from './runs/run-sweeper';
