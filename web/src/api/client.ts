import type { LocalizedText } from '../i18n';
import type { FeatureCollection, GeoFeature, PropertySchema } from './api-types';

export * from './api-types';

export type Role = 'admin' | 'planner' | 'police' | 'viewer';
export type Sensitivity = 'public' | 'internal' | 'police';
export type BBox = readonly [west: number, south: number, east: number, north: number];

export interface LayerInfo {
  readonly id: string;
  readonly title: LocalizedText;
  readonly geometryType: string;
  /** GeoJSON geometry types the layer takes on input (`Polygon`, `MultiPolygon`…). */
  readonly accepts?: readonly string[];
  readonly sensitivity: Sensitivity;
  readonly count: number;
  readonly extent: BBox | null;
  readonly version: number;
  readonly properties: readonly PropertySchema[];
}

export interface SessionUser {
  readonly username: string;
  readonly role: Role;
  readonly organisation: string;
}

export interface LoginResponse {
  readonly accessToken: string;
  readonly user: SessionUser;
}

/** A feature with the version its ETag named: the one to send back in `If-Match`. */
export interface VersionedFeature {
  readonly feature: GeoFeature;
  readonly version: number;
}

/** An error answered by the API (`{statusCode, code, message}`), or status 0 when it could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  details?: unknown;
}

const featuresPath = (layer: string) => `/api/layers/${encodeURIComponent(layer)}/features`;
const featurePath = (layer: string, id: string | number) => `${featuresPath(layer)}/${encodeURIComponent(String(id))}`;

export class ApiClient {
  constructor(
    private readonly origin: string,
    private readonly token: () => string | null,
  ) {}

  login(username: string, password: string): Promise<LoginResponse> {
    return this.json<LoginResponse>('POST', '/api/auth/login', { body: { username, password }, authorize: false });
  }

  layers(): Promise<LayerInfo[]> {
    return this.json<LayerInfo[]>('GET', '/api/layers');
  }

  /** Features of a layer, optionally inside a lon/lat box; at most `limit` (the API caps it at 10 000). */
  features(layer: string, options: { bbox?: BBox; limit?: number; signal?: AbortSignal } = {}): Promise<FeatureCollection> {
    const query = new URLSearchParams();
    if (options.bbox) query.set('bbox', options.bbox.map((n) => n.toFixed(6)).join(','));
    if (options.limit) query.set('limit', String(options.limit));
    const suffix = query.size > 0 ? `?${query}` : '';
    return this.json<FeatureCollection>('GET', `${featuresPath(layer)}${suffix}`, { signal: options.signal });
  }

  async feature(layer: string, id: string | number): Promise<VersionedFeature> {
    const response = await this.send('GET', featurePath(layer, id));
    return { feature: (await response.json()) as GeoFeature, version: versionOf(response) };
  }

  async createFeature(layer: string, feature: GeoFeature): Promise<VersionedFeature> {
    const response = await this.send('POST', featuresPath(layer), { body: feature });
    return { feature: (await response.json()) as GeoFeature, version: versionOf(response) };
  }

  /** Properties are merged (null removes one); a stale `version` gets 412 VERSION_CONFLICT. */
  async updateFeature(layer: string, id: string | number, version: number, patch: Partial<GeoFeature>): Promise<VersionedFeature> {
    const response = await this.send('PATCH', featurePath(layer, id), { body: patch, ifMatch: version });
    return { feature: (await response.json()) as GeoFeature, version: versionOf(response) };
  }

  async deleteFeature(layer: string, id: string | number, version: number): Promise<void> {
    await this.send('DELETE', featurePath(layer, id), { ifMatch: version });
  }

  json<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
    return this.send(method, path, options).then((response) => response.json() as Promise<T>);
  }

  /**
   * A request to the app's own API with the access token; any answer other than 2xx becomes an
   * ApiError carrying the API's code and message. A FormData body goes out as multipart.
   */
  async send(method: string, path: string, options: SendOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
    const { body } = options;
    const multipart = body instanceof FormData;
    if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json';
    const token = options.authorize === false ? null : this.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;

    let response: Response;
    try {
      response = await fetch(`${this.origin}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
        signal: options.signal,
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, 'NETWORK_ERROR', `the server did not answer (${(err as Error).message})`);
    }
    if (!response.ok) throw await toApiError(response);
    return response;
  }
}

export interface SendOptions {
  readonly body?: unknown;
  readonly authorize?: boolean;
  readonly ifMatch?: number;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

/** The version an ETag such as `"3"` or `W/"3"` names. */
export function parseETagVersion(etag: string | null): number | null {
  const match = etag ? /^(?:W\/)?"(\d+)"$/.exec(etag.trim()) : null;
  return match ? Number(match[1]) : null;
}

function versionOf(response: Response): number {
  const version = parseETagVersion(response.headers.get('ETag'));
  if (version === null) throw new ApiError(response.status, 'MISSING_ETAG', 'the API answered without the feature version (ETag)');
  return version;
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy error page, say): fall back to the status line.
  }
  const message = typeof body.message === 'string' && body.message ? body.message : `${response.status} ${response.statusText}`.trim();
  const code = typeof body.code === 'string' ? body.code : `HTTP_${response.status}`;
  return new ApiError(response.status, code, message, body.details);
}

export function isBBox(value: unknown): value is BBox {
  return Array.isArray(value) && value.length === 4 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
}

export function isWriter(user: SessionUser | null): boolean {
  return user !== null && (user.role === 'admin' || user.role === 'planner' || user.role === 'police');
}
