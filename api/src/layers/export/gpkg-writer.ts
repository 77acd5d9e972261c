import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Feature } from '../geojson-types';
import { CONVERT_TIMEOUT_MS, firstError, OgrFailure, runOgr } from '../import/readers/ogr';
import type { FeatureSet, FieldType } from './feature-set';

const GEOMETRY_TYPES: Record<FeatureSet['geometryType'], string> = {
  Point: 'POINT',
  LineString: 'LINESTRING',
  MultiLineString: 'MULTILINESTRING',
  MultiPolygon: 'MULTIPOLYGON',
  Geometry: 'GEOMETRY',
};

/** OGR SQL casts that give each column its type even when every value is null. */
const CASTS: Partial<Record<FieldType, string>> = {
  number: 'float',
  integer: 'bigint',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
};

/** The name GDAL gives the layer of the GeoJSON file written here. */
const SOURCE_LAYER = 'features';

/**
 * A GeoPackage of the features, made by GDAL (ogr2ogr) from a GeoJSON file written here: one
 * table named after the set, EPSG:4326, the feature ids as fids, every property a typed
 * column (objects as JSON). Returns a stream of the file; the temporary files go when it closes.
 */
export async function geoPackageStream(set: FeatureSet): Promise<Readable> {
  const dir = await mkdtemp(join(tmpdir(), 'mimamori-export-'));
  try {
    const source = join(dir, `${SOURCE_LAYER}.geojson`);
    const target = join(dir, 'export.gpkg');
    const columns = await writeGeoJson(source, set);
    const args = ['-f', 'GPKG', target, source, '-nln', set.name, '-a_srs', 'EPSG:4326', '-preserve_fid', '-nlt', GEOMETRY_TYPES[set.geometryType]];
    args.push('-lco', `IDENTIFIER=${set.title}`, '-lco', `DESCRIPTION=${set.attribution ?? set.title}`);
    if (columns.length > 0) args.push('-sql', selectTyped(columns, set));
    try {
      await runOgr('ogr2ogr', args, CONVERT_TIMEOUT_MS);
    } catch (err) {
      throw err instanceof OgrFailure ? new Error(`GeoPackage export failed: ${firstError(err.stderr)}`) : err;
    }
    const stream = createReadStream(target);
    stream.on('close', () => void rm(dir, { recursive: true, force: true }));
    return stream;
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

function selectTyped(columns: string[], set: FeatureSet): string {
  const types = new Map(set.fields.map((f) => [f.name, f.type]));
  const list = columns.map((name) => {
    const cast = CASTS[types.get(name) ?? 'text'];
    return cast ? `CAST("${name}" AS ${cast}) AS "${name}"` : `"${name}"`;
  });
  return `SELECT ${list.join(', ')} FROM "${SOURCE_LAYER}"`;
}

/**
 * A FeatureCollection on disk. Every declared field is in every feature (null when absent) so
 * that GDAL creates its column even when no feature has a value; arrays become JSON text
 * (GeoPackage has no list type). Returns the columns seen, named as OGR SQL can quote them
 * (a double quote becomes a full-width ＂).
 */
async function writeGeoJson(path: string, set: FeatureSet): Promise<string[]> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const declared = set.fields.map((f) => f.name);
  const columns = new Set(declared);
  let count = 0;
  let chunk = '{"type":"FeatureCollection","features":[\n';
  for await (const feature of set.features) {
    for (const key of Object.keys(feature.properties ?? {})) columns.add(key);
    chunk += (count++ === 0 ? '' : ',\n') + featureText(feature, declared);
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(`${chunk}\n]}\n`);
  await once(out, 'finish');
  return count === 0 ? [] : [...columns].map(safeName);
}

function featureText(feature: Feature, declared: readonly string[]): string {
  const properties = feature.properties ?? {};
  const keys = new Set([...declared, ...Object.keys(properties)]);
  const cells = [...keys].map((key) => {
    const value = properties[key] ?? null;
    return `${JSON.stringify(safeName(key))}:${JSON.stringify(Array.isArray(value) ? JSON.stringify(value) : value)}`;
  });
  const id = typeof feature.id === 'number' ? `"id":${feature.id},` : '';
  return `{"type":"Feature",${id}"geometry":${JSON.stringify(feature.geometry)},"properties":{${cells.join(',')}}}`;
}

function safeName(name: string): string {
  return name.replace(/"/g, '\uFF02');
}
