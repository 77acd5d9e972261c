import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature } from '../geojson-types';
import { openKml } from '../import/readers/kml-reader';
import type { SourceRecord } from '../import/import-types';
import { fieldsOfValues, type FeatureSet } from './feature-set';
import { kmlChunks, kmlGeometry, placemark } from './kml-writer';

const building: Feature = {
  type: 'Feature',
  id: 7,
  geometry: {
    type: 'MultiPolygon',
    coordinates: [[[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 2], [2, 2], [1, 1]]]],
  },
  properties: { name: 'A&B <棟>', height_m: 12.5, levels: 4, checked: true, crimes: { '2025': { total: 1 } } },
};

describe('KML writer', () => {
  it('writes a polygon with its hole inside a MultiGeometry', () => {
    expect(kmlGeometry(building.geometry)).toBe(
      '<MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>0,0 4,0 4,4 0,4 0,0</coordinates></LinearRing></outerBoundaryIs>' +
        '<innerBoundaryIs><LinearRing><coordinates>1,1 1,2 2,2 1,1</coordinates></LinearRing></innerBoundaryIs></Polygon></MultiGeometry>',
    );
  });

  it('escapes text and writes objects as JSON', () => {
    const text = placemark(building, fieldsOfValues([building]), 'buildings');
    expect(text).toContain('<name>A&amp;B &lt;棟&gt;</name>');
    expect(text).toContain('<SimpleData name="crimes">{&quot;2025&quot;:{&quot;total&quot;:1}}</SimpleData>');
  });

  it('reads back as the same values and geometry through the KML importer', async () => {
    async function* one() {
      yield building;
    }
    const set: FeatureSet = { name: 'buildings', title: '建物', geometryType: 'MultiPolygon', fields: fieldsOfValues([building]), features: one() };
    let text = '';
    for await (const chunk of kmlChunks(set)) text += chunk;
    const dir = mkdtempSync(join(tmpdir(), 'mimamori-kml-spec-'));
    try {
      writeFileSync(join(dir, 'b.kml'), text);
      const records: SourceRecord[] = [];
      for await (const r of openKml(join(dir, 'b.kml'), ['Polygon', 'MultiPolygon']).records()) records.push(r);
      expect(records).toHaveLength(1);
      expect(records[0].columns).toEqual({ name: 'A&B <棟>', height_m: 12.5, levels: 4, checked: true, crimes: '{"2025":{"total":1}}' });
      expect(records[0].geometry).toEqual({ type: 'Polygon', coordinates: (building.geometry.coordinates as unknown[])[0] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
