import type { LocalizedText } from '../i18n';

export type Role = 'admin' | 'planner' | 'police' | 'viewer';
export type Sensitivity = 'public' | 'internal' | 'police';
export type BBox = readonly [west: number, south: number, east: number, north: number];

export interface LayerInfo {
  readonly id: string;
  readonly title: LocalizedText;
  readonly geometryType: string;
  readonly sensitivity: Sensitivity;
  readonly count: number;
  readonly extent: BBox | null;
  readonly version: number;
  readonly properties: unknown;
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

export class ApiClient {
  constructor(
    private readonly origin: string,
    private readonly token: () => string | null,
  ) {}

  login(username: string, password: string): Promise<LoginResponse> {
    return this.request<LoginResponse>('POST', '/api/auth/login', { username, password }, false);
  }

  layers(): Promise<LayerInfo[]> {
    return this.request<LayerInfo[]>('GET', '/api/layers');
  }

  private async request<T>(method: string, path: string, body?: unknown, authorize = true): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const token = authorize ? this.token() : null;
    if (token) headers.Authorization = `Bearer ${token}`;

    let response: Response;
    try {
      response = await fetch(`${this.origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new ApiError(0, 'NETWORK_ERROR', `the server did not answer (${(err as Error).message})`);
    }
    if (!response.ok) throw await toApiError(response);
    return (await response.json()) as T;
  }
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
