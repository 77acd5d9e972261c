import { createPropertyExpression, featureFilter, latest, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { FilterSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { MAP_LAYERS } from './layers/manifest';
import { pixelsPerMetre } from './layers/streetlights';
import { DATA_LAYER_IDS } from './map-layer';
import { buildStyle, styleLayerIds, tileUrl } from './style';

const ORIGIN = 'http://localhost:3000';
const style = buildStyle({ origin: ORIGIN, available: DATA_LAYER_IDS });

function layer(id: string): LayerSpecification {
  const found = style.layers.find((l) => l.id === id);
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

  it('draws every contract layer from its own tile source, named like the layer', () => {
    expect(MAP_LAYERS.map((l) => l.id).sort()).toEqual([...DATA_LAYER_IDS].sort());
    expect(Object.keys(style.sources).sort()).toEqual([...DATA_LAYER_IDS].sort());
    for (const styleLayer of style.layers) {
      if (styleLayer.type === 'background') continue;
      const { source, 'source-layer': sourceLayer } = styleLayer as { source: string; 'source-layer': string };
      expect(style.sources[source]).toBeDefined();
      expect(sourceLayer).toBe(source);
    }
    expect(new Set(style.layers.map((l) => l.id)).size).toBe(style.layers.length);
  });

  it('fetches tiles only from the app origin and needs no glyphs, sprites or fonts', () => {
    expect(style.sources.cameras).toMatchObject({ type: 'vector', tiles: [`${ORIGIN}/api/tiles/cameras/{z}/{x}/{y}.mvt`] });
    expect(tileUrl(ORIGIN, 'school-routes')).toBe(`${ORIGIN}/api/tiles/school-routes/{z}/{x}/{y}.mvt`);
    const urls = strings(style).filter((s) => /^[a-z][a-z0-9+.-]*:\/\/|^\/\//i.test(s));
    expect(urls.length).toBe(DATA_LAYER_IDS.length);
    for (const url of urls) expect(url.startsWith(`${ORIGIN}/api/tiles/`)).toBe(true);
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(style.layers.filter((l) => l.type === 'symbol')).toEqual([]);
  });

  it('draws the base first and cameras on top', () => {
    const order = style.layers.map((l) => l.id);
    expect(order[0]).toBe('background');
    expect(order.indexOf('blocks-fill')).toBeLessThan(order.indexOf('buildings'));
    expect(order.indexOf('buildings')).toBeLessThan(order.indexOf('roads-fill'));
    expect(order.indexOf('roads-fill')).toBeLessThan(order.indexOf('school-routes'));
    expect(order[order.length - 1]).toBe('cameras');
  });

  it('leaves out layers the user may not read, so no tile request can be refused', () => {
    const anonymous = buildStyle({ origin: ORIGIN, available: DATA_LAYER_IDS.filter((id) => id !== 'patrol-tracks') });
    expect(anonymous.sources['patrol-tracks']).toBeUndefined();
    expect(anonymous.layers.some((l) => l.id === 'patrol-tracks')).toBe(false);
    expect(anonymous.layers.length).toBe(style.layers.length - 1);
    expect(validateStyleMin(anonymous)).toEqual([]);
  });

  it('hides every style layer of a hidden data layer and no other', () => {
    const hidden = buildStyle({ origin: ORIGIN, available: DATA_LAYER_IDS, hidden: new Set(['roads']) });
    const invisible = hidden.layers.filter((l) => l.layout?.visibility === 'none').map((l) => l.id);
    expect(invisible).toEqual(['roads-casing', 'roads-fill', 'roads-paths']);
    expect(styleLayerIds('roads')).toEqual(invisible);
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
    for (const mapLayer of MAP_LAYERS) {
      expect(mapLayer.legend.length).toBeGreaterThan(0);
      for (const id of mapLayer.interactive ?? []) expect(styleLayerIds(mapLayer.id)).toContain(id);
    }
    expect(MAP_LAYERS.find((l) => l.id === 'cameras')?.interactive).toEqual(['cameras']);
  });
});
