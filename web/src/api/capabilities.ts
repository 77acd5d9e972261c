import type { ApiClient } from './client';

/**
 * What this API build offers beyond the core contract, read from its OpenAPI document
 * (`GET /api/docs/openapi.json`): analysis types, export formats and the optional endpoints
 * other parts of the platform add over time. The UI offers only what the server can do.
 */
export interface Capabilities {
  /** null when the document does not say (the UI then learns them from UNKNOWN_ANALYSIS_TYPE). */
  readonly analysisTypes: readonly string[] | null;
  readonly exportFormats: readonly string[];
  readonly importPreview: boolean;
  readonly analysisExport: boolean;
  readonly analysisReport: boolean;
}

export const FALLBACK_CAPABILITIES: Capabilities = {
  analysisTypes: null,
  exportFormats: ['geojson', 'csv'],
  importPreview: false,
  analysisExport: false,
  analysisReport: false,
};

interface OpenApiParameter {
  name?: string;
  in?: string;
  schema?: { enum?: unknown[] };
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, { parameters?: OpenApiParameter[] }>>;
  components?: { schemas?: Record<string, { properties?: Record<string, { enum?: unknown[] }> }> };
}

function strings(values: unknown[] | undefined): string[] | null {
  return Array.isArray(values) && values.every((v) => typeof v === 'string') ? (values as string[]) : null;
}

export function capabilitiesOf(doc: OpenApiDocument): Capabilities {
  const paths = doc.paths ?? {};
  const exportParams = paths['/api/layers/{layer}/export']?.get?.parameters ?? [];
  const format = exportParams.find((p) => p.in === 'query' && p.name === 'format');
  return {
    analysisTypes: strings(doc.components?.schemas?.CreateAnalysisDto?.properties?.type?.enum),
    exportFormats: strings(format?.schema?.enum) ?? FALLBACK_CAPABILITIES.exportFormats,
    importPreview: paths['/api/layers/{layer}/import/preview']?.post !== undefined,
    analysisExport: paths['/api/analyses/{id}/export']?.get !== undefined,
    analysisReport: paths['/api/analyses/{id}/report']?.get !== undefined,
  };
}

export async function loadCapabilities(client: ApiClient): Promise<Capabilities> {
  try {
    return capabilitiesOf(await client.json<OpenApiDocument>('GET', '/api/docs/openapi.json', { authorize: false }));
  } catch {
    return FALLBACK_CAPABILITIES;
  }
}
