import type { ApiClient } from './client';
import type { Geometry } from './api-types';

export type ImportMode = 'strict' | 'skip-invalid';

export interface ImportProblem {
  readonly row: number;
  readonly reason: string;
  readonly field?: string;
  readonly code?: string;
}

export interface PreviewRow {
  readonly row: number;
  readonly columns: Readonly<Record<string, unknown>>;
  readonly geometry?: Geometry | null;
  readonly problem?: { readonly reason: string; readonly field?: string } | null;
}

/** `POST /api/layers/{layer}/import/preview`, or the same shape read in the browser when the API lacks it. */
export interface ImportPreview {
  readonly format: string;
  readonly encoding: string | null;
  readonly columns: readonly string[];
  /** Target (layer property, lat, lon…) → source column. */
  readonly mapping: Readonly<Record<string, string>>;
  readonly crs: { readonly name: string } | string | null;
  readonly rows: readonly PreviewRow[];
  readonly problems: readonly ImportProblem[];
  readonly total?: number;
  /** true when the browser read the file because the API has no preview endpoint. */
  readonly local?: boolean;
}

export interface ImportResult {
  readonly imported: number;
  readonly updated?: number;
  readonly skipped?: number;
  readonly rejected: readonly ImportProblem[];
}

export interface ImportOptions {
  readonly mode: ImportMode;
  readonly mapping?: Readonly<Record<string, string>>;
  readonly encoding?: string;
}

export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
}

const layerPath = (layer: string) => `/api/layers/${encodeURIComponent(layer)}`;

function importQuery(options: Partial<ImportOptions>): string {
  const query = new URLSearchParams();
  if (options.mode) query.set('mode', options.mode);
  if (options.encoding) query.set('encoding', options.encoding);
  if (options.mapping && Object.keys(options.mapping).length > 0) query.set('mapping', JSON.stringify(options.mapping));
  return query.size > 0 ? `?${query}` : '';
}

function upload(file: File): FormData {
  const form = new FormData();
  form.append('file', file, file.name);
  return form;
}

/** The API's preview may call its problems `rejected`; the dialog reads `problems`. */
function normalisePreview(raw: ImportPreview & { rejected?: ImportProblem[] }): ImportPreview {
  return { ...raw, problems: raw.problems ?? raw.rejected ?? [] };
}

export class FilesApi {
  constructor(private readonly client: ApiClient) {}

  async preview(layer: string, file: File, options: Partial<ImportOptions> = {}): Promise<ImportPreview> {
    const raw = await this.client.json<ImportPreview & { rejected?: ImportProblem[] }>('POST', `${layerPath(layer)}/import/preview${importQuery(options)}`, {
      body: upload(file),
    });
    return normalisePreview(raw);
  }

  import(layer: string, file: File, options: ImportOptions): Promise<ImportResult> {
    return this.client.json('POST', `${layerPath(layer)}/import${importQuery(options)}`, { body: upload(file) });
  }

  exportLayer(layer: string, format: string): Promise<DownloadedFile> {
    return this.download(`${layerPath(layer)}/export?format=${encodeURIComponent(format)}`, `${layer}.${format}`);
  }

  /** A file the API serves only with the token (so a plain link cannot fetch it). */
  async download(path: string, fallbackName: string): Promise<DownloadedFile> {
    const response = await this.client.send('GET', path, { accept: '*/*' });
    return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName };
  }
}

export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : null;
}

/** Hands a downloaded file to the browser as a save. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
