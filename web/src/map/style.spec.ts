import { createPropertyExpression, featureFilter, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { FilterSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { ANALYSIS_LAYERS, MAP_LAYERS, TOOL_LAYERS } from './layers/manifest';
import { pixelsPerMetre } from './layers/streetlights';
import { DATA_LAYER_IDS, OVERLAY_IDS, POINT_TILES_MINZOOM } from './map-layer';
import { buildStyle, styleLayerIds, tileUrl } from './style';

const ORIGIN = 'http://localhost:3000';
const RUN = '4f69f814-0856-48ad-9d3c-7c9dbc3f2ec6';
const style = buildStyle({ origin: ORIGIN, available: DATA_LAYER_IDS });
/** Everything at once: a run's results, every layer at 40 % opacity, one hidden. */
const full = buildStyle({
  origin: ORIGIN,
  available: DATA_LAYER_IDS,
  runId: RUN,
  hidden: new Set(['roads']),
  opacity: new Map([...DATA_LAYER_IDS, 'analysis'].map((id) => [id, 0.4])),
});

function layer(id: string): LayerSpecification {
  const found = full.layers.find((l) => l.id === id) ?? style.layers.find((l) => l.id === id);
  if (!found) throw new Error(`no style layer ${id}`);
  return found;
}

/** Evaluates one paint property of a style layer for a feature, as MapLibre would at `zoom`. */
function paint(layerId: string, property: string, zoom: number, properties: Record<string, unknown>, state: Record<string, unknown> = {}): unknown {
  const spec = layer(layerId);
  const value = (spec as { paint?: Record<string, unknown> }).paint?.[property];
  const reference = (latest as unknown as Record<string, Record<string, unknown>>)[`paint_${spec.type}`][property];
  const parsed = createPropertyExpression(value, `paint.${property}`, reference as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate({ zoom }, { type: 1, properties }, state);
}

function matches(layerId: string, properties: Record<string, unknown>): boolean {
  const filter = (layer(layerId) as { filter?: FilterSpecification }).filter;
  return featureFilter(filter, 'filter').filter({ zoom: 16 }, { type: 2, properties });
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('map style built from the manifest', () => {
  it('passes the MapLibre style specification without a single error', () => {
    expect(validateStyleMin(style)).toEqual([]);
  });

  it('passes it too with analysis results, faded layers and every tool layer', () => {
    expect(validateStyleMin(full)).toEqual([]);
    const ids = full.layers.map((l) => l.id);
    for (const group of ANALYSIS_LAYERS) for (const l of group.layers) expect(ids).toContain(l.id);
    for (const l of TOOL_LAYERS) expect(ids).toContain(l.id);
    for (const id of ['camera-wedges-fill', 'camera-wedges-planned', 'cameras-clusters', 'streetlights-clusters']) expect(ids).toContain(id);
  });

  it('draws every contract layer from its own tile source, named like the layer, beside the browser-filled GeoJSON sources', () => {
    expect(MAP_LAYERS.map((l) => l.id).sort()).toEqual([...DATA_LAYER_IDS].sort());
    expect(Object.keys(style.sources).sort()).toEqual([...DATA_LAYER_IDS, ...OVERLAY_IDS].sort());
    for (const styleLayer of style.layers) {
      if (styleLayer.type === 'background') continue;
      const { source, 'source-layer': sourceLayer } = styleLayer as { source: string; 'source-layer'?: string };
      expect(style.sources[source]).toBeDefined();
      if (style.sources[source].type === 'geojson') expect(sourceLayer).toBeUndefined();
      else expect(sourceLayer).toBe(source);
    }
    expect(new Set(full.layers.map((l) => l.id)).size).toBe(full.layers.length);
  });

  it("draws a run's results from its result tiles (MVT layer analysis) only while a run is shown", () => {
    expect(full.sources.analysis).toMatchObject({ type: 'vector', tiles: [`${ORIGIN}/api/tiles/analyses/${RUN}/{z}/{x}/{y}.mvt`] });
    expect(style.sources.analysis).toBeUndefined();
    for (const l of full.layers.filter((l) => l.id.startsWith('analysis-'))) expect(l).toMatchObject({ source: 'analysis', 'source-layer': 'analysis' });
  });

  it('fetches tiles only from the app origin and needs no glyphs, sprites or fonts', () => {
    expect(style.sources.cameras).toMatchObject({ type: 'vector', tiles: [`${ORIGIN}/api/tiles/cameras/{z}/{x}/{y}.mvt`] });
    expect(tileUrl(ORIGIN, 'school-routes')).toBe(`${ORIGIN}/api/tiles/school-routes/{z}/{x}/{y}.mvt`);
    const urls = strings(full).filter((s) => /^[a-z][a-z0-9+.-]*:\/\/|^\/\//i.test(s));
    expect(urls.length).toBe(DATA_LAYER_IDS.length + 1);
    for (const url of urls) expect(url.startsWith(`${ORIGIN}/api/tiles/`)).toBe(true);
    expect(full.glyphs).toBeUndefined();
    expect(full.sprite).toBeUndefined();
    expect(full.layers.filter((l) => l.type === 'symbol')).toEqual([]);
  });

  it('draws the base first, cameras above the data, results above that and the editing tools on top', () => {
    const order = full.layers.map((l) => l.id);
    expect(order[0]).toBe('background');
    expect(order.indexOf('blocks-fill')).toBeLessThan(order.indexOf('buildings'));
    expect(order.indexOf('buildings')).toBeLessThan(order.indexOf('roads-fill'));
    expect(order.indexOf('roads-fill')).toBeLessThan(order.indexOf('school-routes'));
    expect(order.indexOf('camera-wedges-fill')).toBeLessThan(order.indexOf('cameras'));
    expect(order.indexOf('cameras')).toBeLessThan(order.indexOf('analysis-blind-spot'));
    expect(order.indexOf('analysis-site')).toBeLessThan(order.indexOf('what-if-seen'));
    expect(order[order.length - 1]).toBe('edit-handle-targets');
    const data = style.layers.filter((l) => !('source' in l) || DATA_LAYER_IDS.includes((l as { source: string }).source as never)).map((l) => l.id);
    expect(data[data.length - 1]).toBe('cameras');
  });

  it('leaves out layers the user may not read, so no tile request can be refused', () => {
    const anonymous = buildStyle({ origin: ORIGIN, available: DATA_LAYER_IDS.filter((id) => id !== 'patrol-tracks') });
    expect(anonymous.sources['patrol-tracks']).toBeUndefined();
    expect(anonymous.layers.some((l) => l.id === 'patrol-tracks')).toBe(false);
    expect(anonymous.layers.length).toBe(style.layers.length - 1);
    const noCameras = buildStyle({ origin: ORIGIN, available: DATA_LAYER_IDS.filter((id) => id !== 'cameras') });
    expect(noCameras.sources['camera-wedges']).toBeUndefined();
    expect(noCameras.sources['cameras-points']).toBeUndefined();
    expect(validateStyleMin(anonymous)).toEqual([]);
  });

  it('hides every style layer of a hidden data layer and no other', () => {
    const hidden = buildStyle({ origin: ORIGIN, available: DATA_LAYER_IDS, hidden: new Set(['roads']) });
    const invisible = hidden.layers.filter((l) => l.layout?.visibility === 'none').map((l) => l.id);
    expect(invisible).toEqual(['roads-casing', 'roads-fill', 'roads-paths']);
    expect(styleLayerIds('roads')).toEqual(invisible);
    const noCameras = buildStyle({ origin: ORIGIN, available: DATA_LAYER_IDS, hidden: new Set(['cameras']) });
    const hiddenCameras = noCameras.layers.filter((l) => l.layout?.visibility === 'none').map((l) => l.id);
    expect(hiddenCameras).toEqual(styleLayerIds('cameras'));
    expect(hiddenCameras).toEqual(expect.arrayContaining(['camera-wedges-fill', 'cameras-clusters', 'cameras']));
  });

  it('styles roads by class: footways dashed and thin, primary roads wider than residential streets', () => {
    expect(matches('roads-paths', { class: 'footway' })).toBe(true);
    expect(matches('roads-paths', { class: 'steps' })).toBe(true);
    expect(matches('roads-fill', { class: 'footway' })).toBe(false);
    expect(matches('roads-fill', { class: 'primary' })).toBe(true);
    expect((layer('roads-paths') as { paint: Record<string, unknown> }).paint['line-dasharray']).toEqual([2, 1.5]);
    expect(paint('roads-fill', 'line-width', 16, { class: 'primary' })).toBe(9);
    expect(paint('roads-fill', 'line-width', 16, { class: 'residential' })).toBe(4.5);
    expect(paint('roads-casing', 'line-width', 16, { class: 'primary' })).toBe(10.5);
  });

  it('colours cameras by status and enlarges the hovered one', () => {
    const color = (status: string) => String(paint('cameras', 'circle-color', 16, { status }));
    expect(color('active')).not.toBe(color('planned'));
    expect(color('planned')).not.toBe(color('out_of_service'));
    expect(color('active')).not.toBe(color('out_of_service'));
    expect(paint('cameras', 'circle-radius', 16, { status: 'active' })).toBe(6);
    expect(paint('cameras', 'circle-radius', 16, { status: 'active' }, { hover: true })).toBe(9);
  });

  it('draws a streetlight lit area of about radius_m on the ground (0.97 m per pixel at zoom 16, 35.7°N)', () => {
    // 40 075 017 m × cos 35.7° / (512 × 2^16) = 0.9700 m per pixel, so 15 m is 15.46 pixels.
    expect(1 / pixelsPerMetre(16)).toBeCloseTo(0.97, 3);
    expect(paint('streetlights-lit-area', 'circle-radius', 16, { radius_m: 15 })).toBeCloseTo(15.46, 1);
    expect(paint('streetlights-lit-area', 'circle-radius', 18, { radius_m: 15 })).toBeCloseTo(61.85, 1);
    expect(matches('streetlights-lit-area', { status: 'out_of_service' })).toBe(false);
  });

  it('declares a legend for every layer, and hover only where tiles carry feature ids', () => {
    for (const mapLayer of [...MAP_LAYERS, ...ANALYSIS_LAYERS]) expect(mapLayer.legend.length).toBeGreaterThan(0);
    for (const mapLayer of MAP_LAYERS) for (const id of mapLayer.interactive ?? []) expect(styleLayerIds(mapLayer.id)).toContain(id);
    expect(MAP_LAYERS.find((l) => l.id === 'cameras')?.interactive).toEqual(['cameras', 'cameras-points']);
  });

  it('draws dense points as clusters below zoom 14 and from the tiles, with camera wedges, from zoom 14 on', () => {
    expect(POINT_TILES_MINZOOM).toBe(14);
    expect(layer('cameras-clusters')).toMatchObject({ source: 'cameras-points', maxzoom: 14, filter: ['has', 'point_count'] });
    expect(layer('cameras')).toMatchObject({ minzoom: 14 });
    expect(layer('camera-wedges-fill')).toMatchObject({ source: 'camera-wedges', minzoom: 14 });
    expect(style.sources['cameras-points']).toMatchObject({ type: 'geojson', cluster: true, clusterMaxZoom: 13 });
    expect(style.sources['camera-wedges']).toMatchObject({ type: 'geojson' });
    expect((style.sources['camera-wedges'] as { cluster?: boolean }).cluster).toBeUndefined();
    expect(paint('cameras-clusters', 'circle-radius', 12, { point_count: 5 })).toBe(10);
    expect(paint('cameras-clusters', 'circle-radius', 12, { point_count: 60 })).toBe(19);
  });

  it('dashes the views of planned cameras and of proposed (siting) cameras', () => {
    expect(matches('camera-wedges-planned', { status: 'planned' })).toBe(true);
    expect(matches('camera-wedges-planned', { status: 'active' })).toBe(false);
    expect(matches('camera-wedges-outline', { status: 'planned' })).toBe(false);
    expect((layer('camera-wedges-planned') as { paint: Record<string, unknown> }).paint['line-dasharray']).toEqual([3, 2]);
    expect((layer('analysis-sector-outline') as { paint: Record<string, unknown> }).paint['line-dasharray']).toEqual([2, 1.5]);
    expect(matches('analysis-sector-outline', { kind: 'sector' })).toBe(true);
    expect(matches('analysis-site', { kind: 'site' })).toBe(true);
  });

  it('colours coverage results: blind spots red, dark spots dark blue, lines from red (0 %) to green (100 %)', () => {
    expect(matches('analysis-blind-spot', { kind: 'blind-spot' })).toBe(true);
    expect(matches('analysis-blind-spot', { kind: 'dark-spot' })).toBe(false);
    expect(String(paint('analysis-blind-spot', 'line-color', 16, { kind: 'blind-spot' }))).toBe(String(paint('analysis-coverage-line', 'line-color', 16, { seenOrLitPct: 0 })));
    const darkBlue = paint('analysis-dark-spot', 'line-color', 16, { kind: 'dark-spot' }) as { r: number; g: number; b: number };
    expect(darkBlue.b).toBeGreaterThan(darkBlue.r);
    const green = paint('analysis-coverage-line', 'line-color', 16, { seenOrLitPct: 100 }) as { r: number; g: number };
    expect(green.g).toBeGreaterThan(green.r);
    expect(matches('analysis-segment', { kind: 'segment' })).toBe(true);
    expect(matches('analysis-beat-fill', { kind: 'beat' })).toBe(true);
    expect(matches('analysis-defect', { kind: 'overlap' })).toBe(true);
  });

  it("scales every layer's opacity, keeping zoom curves outermost (0.4 × 0.5 at z13 = 0.2)", () => {
    expect(paint('buildings', 'fill-opacity', 13, {})).toBeCloseTo(0.2, 6);
    expect(paint('buildings', 'fill-opacity', 15, {})).toBeCloseTo(0.4, 6);
    expect(paint('school-routes', 'line-opacity', 16, {})).toBeCloseTo(0.34, 6);
    expect(paint('cameras', 'circle-opacity', 16, { status: 'active' })).toBeCloseTo(0.4, 6);
    expect(paint('analysis-blind-area', 'fill-opacity', 16, { kind: 'blind-area' })).toBeCloseTo(0.12, 6);
  });

  it('shades blocks by the class the choropleth sets as feature-state, and plainly without one', () => {
    const plain = paint('blocks-fill', 'fill-color', 16, {}, {});
    const lowest = paint('blocks-fill', 'fill-color', 16, {}, { choropleth: 0 });
    const highest = paint('blocks-fill', 'fill-color', 16, {}, { choropleth: 0.8 });
    expect(String(plain)).not.toBe(String(lowest));
    expect(String(lowest)).not.toBe(String(highest));
    expect(paint('blocks-fill', 'fill-opacity', 16, {}, {})).toBeCloseTo(0.4, 6);
    expect(paint('blocks-fill', 'fill-opacity', 16, {}, { choropleth: 0.4 })).toBeCloseTo(0.3, 6);
  });
});
