import type { ApiClient } from './client';
import type { FeatureCollection, RunEvent, RunView } from './api-types';
import { readEventStream } from './sse';

const runPath = (id: string) => `/api/analyses/${encodeURIComponent(id)}`;

/** Analysis runs: start, list, follow (SSE), cancel, results. */
export class AnalysesApi {
  constructor(private readonly client: ApiClient) {}

  start(type: string, params: Record<string, unknown>): Promise<RunView & { reused: boolean }> {
    return this.client.json('POST', '/api/analyses', { body: { type, params } });
  }

  async list(limit = 20): Promise<RunView[]> {
    return (await this.client.json<{ runs: RunView[] }>('GET', `/api/analyses?limit=${limit}`)).runs;
  }

  get(id: string): Promise<RunView> {
    return this.client.json('GET', runPath(id));
  }

  cancel(id: string): Promise<RunView> {
    return this.client.json('DELETE', runPath(id));
  }

  features(id: string): Promise<FeatureCollection> {
    return this.client.json('GET', `${runPath(id)}/features`, { accept: 'application/geo+json' });
  }

  /** Streams the run's state until it ends (the API closes the stream after a terminal state) or `signal` aborts. */
  async follow(id: string, onEvent: (event: RunEvent) => void, signal?: AbortSignal): Promise<void> {
    const response = await this.client.send('GET', `${runPath(id)}/events`, { accept: 'text/event-stream', signal });
    await readEventStream(response, (data) => {
      const event = parseRunEvent(data);
      if (event) onEvent(event);
    });
  }
}

export function parseRunEvent(data: string): RunEvent | null {
  try {
    const value = JSON.parse(data) as Partial<RunEvent>;
    if (typeof value.runId !== 'string' || typeof value.status !== 'string' || typeof value.progress !== 'number') return null;
    return value as RunEvent;
  } catch {
    return null;
  }
}
