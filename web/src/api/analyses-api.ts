import type { ApiClient } from './client';
import type { FeatureCollection, GeoFeature, RunEvent, RunView } from './api-types';
import { readEventStream } from './sse';

const runPath = (id: string) => `/api/analyses/${encodeURIComponent(id)}`;
/** The API's largest page of layer features. */
const MAX_FEATURES = 10000;

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

  /** The schools the school routes lead to (their `school` values), for choosing what a route audit covers. */
  async routeSchools(): Promise<string[]> {
    return distinctSchools((await this.client.features('school-routes', { limit: MAX_FEATURES })).features);
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

/** The distinct `school` values of school-route features, sorted as a Japanese reader expects. */
export function distinctSchools(features: readonly GeoFeature[]): string[] {
  const names = new Set<string>();
  for (const f of features) {
    const school = f.properties.school;
    if (typeof school === 'string' && school.trim() !== '') names.add(school.trim());
  }
  return [...names].sort((a, b) => a.localeCompare(b, 'ja'));
}
