import type { AnalysesApi } from '../../api/analyses-api';
import { isTerminal, type RunEvent, type RunView } from '../../api/client';

const LIST_LIMIT = 20;
const RETRY_MS = 2000;
const MAX_RETRIES = 5;

/** Applies one progress event to a run (events never move a run backwards). */
export function applyEvent(run: RunView, event: RunEvent): RunView {
  if (isTerminal(run.status)) return run;
  return { ...run, status: event.status, progress: Math.max(run.progress, event.progress), error: event.status === 'failed' ? (event.message ?? run.error) : run.error };
}

/**
 * The analysis runs the user sees: the recent list, and for every unfinished run a live
 * progress stream (SSE read with fetch, since EventSource cannot send the token).
 */
export class RunTracker {
  private runs: RunView[] = [];
  private readonly following = new Map<string, AbortController>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly api: AnalysesApi) {}

  get list(): readonly RunView[] {
    return this.runs;
  }

  find(id: string): RunView | undefined {
    return this.runs.find((run) => run.id === id);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async refresh(): Promise<void> {
    const runs = await this.api.list(LIST_LIMIT);
    const extra = this.runs.filter((run) => !runs.some((r) => r.id === run.id));
    this.runs = [...runs, ...extra];
    this.changed();
    for (const run of this.runs) if (!isTerminal(run.status)) this.follow(run.id);
  }

  async start(type: string, params: Record<string, unknown>): Promise<RunView> {
    const run = await this.api.start(type, params);
    this.upsert(run);
    if (!isTerminal(run.status)) this.follow(run.id);
    return run;
  }

  /** A run not in the recent list (a deep link to an older one). */
  async load(id: string): Promise<RunView> {
    const run = await this.api.get(id);
    this.upsert(run);
    if (!isTerminal(run.status)) this.follow(run.id);
    return run;
  }

  async cancel(id: string): Promise<void> {
    this.upsert(await this.api.cancel(id));
  }

  /** Stops every stream and forgets the runs (the user signed out). */
  reset(): void {
    for (const controller of this.following.values()) controller.abort();
    this.following.clear();
    this.runs = [];
    this.changed();
  }

  private follow(id: string, attempt = 0): void {
    if (this.following.has(id)) return;
    const controller = new AbortController();
    this.following.set(id, controller);
    let final: Promise<void> | null = null;
    const onEvent = (event: RunEvent) => {
      const run = this.find(id);
      if (!run || final) return;
      // The final state carries the summary: read it before the run shows as finished.
      if (isTerminal(event.status)) final = this.refreshRun(id, applyEvent(run, event));
      else this.upsert(applyEvent(run, event));
    };
    void this.api
      .follow(id, onEvent, controller.signal)
      .catch(() => undefined)
      .then(async () => {
        if (controller.signal.aborted) return;
        this.following.delete(id);
        await (final ?? this.refreshRun(id, null));
        // A stream that ended before the run did (a restart, a proxy timeout) is followed again.
        const run = this.find(id);
        if (run && !isTerminal(run.status) && attempt < MAX_RETRIES) setTimeout(() => this.follow(id, attempt + 1), RETRY_MS);
      });
  }

  private async refreshRun(id: string, fallback: RunView | null): Promise<void> {
    const run = await this.api.get(id).catch(() => fallback);
    if (run) this.upsert(run);
  }

  private upsert(run: RunView): void {
    const index = this.runs.findIndex((r) => r.id === run.id);
    if (index >= 0) this.runs[index] = run;
    else this.runs = [run, ...this.runs];
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
