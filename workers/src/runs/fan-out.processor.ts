import { Logger } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { FlowProducer, UnrecoverableError } from 'bullmq';
import { Redis } from 'ioredis';
import { isAnalysisType, QueueName, RUN_ATTEMPTS } from '../contracts';
import { HandlerRegistry } from '../handlers/handler-registry';
import { canFanOut, FanOutFinishPayload, FanOutHandler, FanOutJobName, FanOutPartPayload, FanOutPlan, finishJobId, partJobId } from './fan-out';
import { RunContextFactory } from './run-context.factory';
import { AnalysisInputError, RunCancelledError } from './run-errors';
import { RunEventsPublisher } from './run-events.publisher';
import { RunRow, RunsRepository } from './runs.repository';

/** Progress while parts run: the plan is done at PLANNED, the merge takes the rest. */
const PLANNED = 0.05;
const PARTS_DONE = 0.9;

export interface FanOutJob<D> {
  data: D;
  attemptsMade: number;
  opts: { attempts?: number };
}

export interface FinishJob extends FanOutJob<FanOutFinishPayload> {
  getChildrenValues(): Promise<Record<string, unknown>>;
}

const jobOptions = (jobId: string) => ({
  jobId,
  attempts: RUN_ATTEMPTS,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
});

/**
 * Runs split into parts (a BullMQ flow): the parts run on any worker and write their features
 * to analysis_partial; the finishing job, started by BullMQ once every part is done, merges
 * them into the run's result and marks it succeeded in one transaction. A failing part is
 * retried alone; when it runs out of attempts the run fails. Owned by the RunProcessor.
 */
export class FanOutProcessor {
  private readonly logger = new Logger(FanOutProcessor.name);
  private flows?: { producer: FlowProducer; connection: Redis };

  constructor(
    private readonly config: MimamoriConfig,
    private readonly runs: RunsRepository,
    private readonly registry: HandlerRegistry,
    private readonly contexts: RunContextFactory,
    private readonly events: RunEventsPublisher,
  ) {}

  async close(): Promise<void> {
    await this.flows?.producer.close();
    this.flows?.connection.disconnect();
  }

  /** Queues the parts and the finishing job of a run that `plan` split. */
  async start(run: RunRow, plan: FanOutPlan): Promise<void> {
    const finish: FanOutFinishPayload = { runId: run.id, type: run.type, shared: plan.shared };
    await this.producer().add({
      name: FanOutJobName.Finish,
      queueName: QueueName.Analyses,
      data: finish,
      opts: jobOptions(finishJobId(run.id)),
      children: plan.parts.map((part, index) => ({
        name: FanOutJobName.Part,
        queueName: QueueName.Analyses,
        data: { runId: run.id, type: run.type, index, count: plan.parts.length, part } satisfies FanOutPartPayload,
        opts: { ...jobOptions(partJobId(run.id, index)), failParentOnFailure: true },
      })),
    });
    await this.runs.updateProgress(run.id, PLANNED);
    await this.events.publish({ runId: run.id, status: 'running', progress: PLANNED, message: `split into ${plan.parts.length} parts` });
    this.logger.log(`run ${run.id} (${run.type}) split into ${plan.parts.length} parts`);
  }

  async processPart(job: FanOutJob<FanOutPartPayload>): Promise<unknown> {
    const { runId, index, count } = job.data;
    const prepared = await this.prepare(runId);
    if (!prepared) return null;
    try {
      const result = await prepared.handler.runPart(prepared.ctx, job.data.part);
      const lines = result.coverageLines && { records: result.coverageLines, targetIds: result.lineTargetIds ?? [] };
      const share = { share: (PARTS_DONE - PLANNED) / count, ceiling: PARTS_DONE };
      const done = await this.runs.writePartial(runId, index, result.features, this.config.metricSrid, share, lines);
      if (!done.written) return null;
      if (done.progress !== null) await this.events.publish({ runId, status: 'running', progress: done.progress, message: `part ${index + 1} of ${count} done` });
      return typeof result.value === 'function' ? (result.value as () => unknown)() : result.value;
    } catch (err) {
      return this.onPartError(runId, job, err as Error);
    }
  }

  async processFinish(job: FinishJob): Promise<'succeeded' | 'cancelled'> {
    const { runId } = job.data;
    const prepared = await this.prepare(runId);
    if (!prepared) {
      await this.runs.dropPartials(runId);
      return 'cancelled';
    }
    const started = Date.now();
    const children = await job.getChildrenValues();
    const values = Object.entries(children)
      .map(([key, value]) => ({ index: Number(/-part-(\d+)$/.exec(key)?.[1] ?? -1), value }))
      .sort((a, b) => a.index - b.index)
      .map((c) => c.value);
    const summary = await prepared.handler.finish(prepared.ctx, job.data.shared, values);
    if (!(await this.runs.completeFromPartials(runId, summary))) return 'cancelled';
    this.logger.log(`run ${runId} (${job.data.type}) succeeded: ${values.length} parts merged in ${Date.now() - started} ms`);
    await this.events.publish({ runId, status: 'succeeded', progress: 1 });
    return 'succeeded';
  }

  /** The handler and a context for a run still running; null once it was cancelled or ended. */
  private async prepare(runId: string): Promise<{ handler: FanOutHandler; ctx: ReturnType<RunContextFactory['create']> } | null> {
    const run = await this.runs.find(runId);
    if (!run || run.status !== 'running') return null;
    if (!isAnalysisType(run.type)) throw new UnrecoverableError(`unknown analysis type "${run.type}"`);
    const handler = this.registry.handlerFor(run.type);
    const check = handler.validate(run.params);
    if (!check.ok || !canFanOut(handler)) throw new UnrecoverableError(`run ${runId} cannot be split`);
    return { handler, ctx: this.contexts.create(run, check.params) };
  }

  private async onPartError(runId: string, job: FanOutJob<FanOutPartPayload>, err: Error): Promise<null> {
    if (err instanceof RunCancelledError) return null;
    const permanent = err instanceof AnalysisInputError;
    if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      this.logger.warn(`run ${runId} part ${job.data.index} failed: ${err.message}`);
      const progress = await this.runs.markFailed(runId, err.message);
      if (progress !== null) await this.events.publish({ runId, status: 'failed', progress, message: err.message });
      await this.runs.dropPartials(runId);
      throw permanent ? new UnrecoverableError(err.message) : err;
    }
    this.logger.warn(`run ${runId} part ${job.data.index} attempt ${job.attemptsMade + 1} failed, retrying: ${err.message}`);
    throw err;
  }

  private producer(): FlowProducer {
    if (!this.flows) {
      const connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (err) => this.logger.warn(`redis: ${err.message}`));
      this.flows = { producer: new FlowProducer({ connection, prefix: this.config.queuePrefix }), connection };
    }
    return this.flows.producer;
  }
}
