import { parseRunEvent } from './analyses-api';
import { capabilitiesOf, FALLBACK_CAPABILITIES } from './capabilities';
import { parseETagVersion } from './client';
import { fileNameOf } from './files-api';
import { SseParser } from './sse';

describe('reading Server-Sent Events from a fetch stream', () => {
  it('splits events on blank lines however the chunks fall, and drops heartbeat comments', () => {
    const parser = new SseParser();
    const chunks = ['data: {"a"', ':1}\n', '\n: heartbeat\n\ndata: {"b":2}\r', '\n\r\n'];
    expect(chunks.flatMap((chunk) => parser.push(chunk))).toEqual(['{"a":1}', '{"b":2}']);
  });

  it('joins multi-line data with newlines and ignores other fields', () => {
    const parser = new SseParser();
    expect(parser.push('event: progress\nid: 7\ndata: line 1\ndata:line 2\n\n')).toEqual(['line 1\nline 2']);
  });

  it('reads run progress events and ignores anything else', () => {
    expect(parseRunEvent('{"runId":"r1","status":"running","progress":0.05}')).toEqual({ runId: 'r1', status: 'running', progress: 0.05 });
    expect(parseRunEvent('{"status":"running"}')).toBeNull();
    expect(parseRunEvent('not json')).toBeNull();
  });
});

describe('what the API offers, read from its OpenAPI document', () => {
  const doc = {
    paths: {
      '/api/layers/{layer}/export': { get: { parameters: [{ in: 'query', name: 'format', schema: { enum: ['geojson', 'csv', 'gpkg'] } }] } },
      '/api/layers/{layer}/import/preview': { post: {} },
      '/api/analyses/{id}/export': { get: {} },
    },
    components: { schemas: { CreateAnalysisDto: { properties: { type: { enum: ['coverage', 'siting'] } } } } },
  };

  it('lists analysis types, export formats and the optional endpoints that exist', () => {
    expect(capabilitiesOf(doc)).toEqual({ analysisTypes: ['coverage', 'siting'], exportFormats: ['geojson', 'csv', 'gpkg'], importPreview: true, analysisExport: true, analysisReport: false });
  });

  it('falls back to the core contract when the document says nothing', () => {
    expect(capabilitiesOf({})).toEqual(FALLBACK_CAPABILITIES);
  });
});

describe('versions and file names from response headers', () => {
  it('reads the feature version from strong and weak ETags', () => {
    expect(parseETagVersion('"3"')).toBe(3);
    expect(parseETagVersion('W/"12"')).toBe(12);
    expect(parseETagVersion('W/"203-zCwqNtlb"')).toBeNull();
    expect(parseETagVersion(null)).toBeNull();
  });

  it('reads the download name from Content-Disposition', () => {
    expect(fileNameOf('attachment; filename="cameras.geojson"')).toBe('cameras.geojson');
    expect(fileNameOf("attachment; filename*=UTF-8''%E9%98%B2%E7%8A%AF.csv")).toBe('防犯.csv');
    expect(fileNameOf(null)).toBeNull();
  });
});
