import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LayerDefinition } from '@mimamori/db';
import { invalidFile, invalidQuery } from '../import-errors';
import type { CrsInfo, ImportFormatId, SourceReader, SourceRecord } from '../import-types';
import { ogrLayers, ogrToGeoJsonSeq, type OgrLayerInfo } from './ogr';

/** One file GDAL reads: a Shapefile (.shp with its parts) or a GeoPackage. */
export interface OgrDataset {
  path: string;
  /** How the file is called in messages (the name inside the archive). */
  label: string;
  openOptions: string[];
  notes: string[];
}

export interface OgrSourceOptions {
  format: Extract<ImportFormatId, 'shapefile' | 'gpkg'>;
  datasets: OgrDataset[];
  /** Which layer of a multi-layer GeoPackage. */
  sourceLayer: string | null;
  target: LayerDefinition;
  workDir: string;
  /** SRID for a source without a CRS (from `zone=`). */
  fallbackSrid: number | null;
  /** Whether PostGIS can transform from an SRID. */
  knownSrid: (srid: number) => Promise<boolean>;
}

interface PreparedDataset {
  dataset: OgrDataset;
  layer: OgrLayerInfo;
  crs: CrsInfo;
  keepCoordinates: boolean;
}

/**
 * Shapefiles and GeoPackages through GDAL: each layer becomes a GeoJSON sequence on disk,
 * streamed back line by line. Coordinates stay in the source CRS when PostGIS knows it (it
 * transforms them with ST_Transform); otherwise GDAL reprojects them.
 */
export async function openOgrSource(options: OgrSourceOptions): Promise<SourceReader> {
  const prepared: PreparedDataset[] = [];
  for (const dataset of options.datasets) prepared.push(await prepare(dataset, options));
  const crs = prepared.length === 1 ? prepared[0].crs : mergedCrs(prepared);
  const columns = [...new Set(prepared.flatMap((p) => p.layer.fields.map((f) => f.name)))];
  const notes = prepared.flatMap((p) => p.dataset.notes);
  return {
    info: { format: options.format, encoding: encodingOf(prepared), crs, columns, notes },
    async *records(): AsyncIterable<SourceRecord> {
      for (const [i, p] of prepared.entries()) {
        const out = join(options.workDir, `layer-${i}.geojsonl`);
        await ogrToGeoJsonSeq(p.dataset.path, p.layer.name, out, { openOptions: p.dataset.openOptions, keepCoordinates: p.keepCoordinates });
        const srid = p.keepCoordinates ? (p.crs.srid ?? 4326) : 4326;
        let n = 0;
        for await (const line of createInterface({ input: createReadStream(out, { encoding: 'utf8' }), crlfDelay: Infinity })) {
          if (line.trim() === '') continue;
          n++;
          const feature = JSON.parse(line) as { properties?: Record<string, unknown> | null; geometry?: SourceRecord['geometry'] };
          const where = prepared.length > 1 ? `${p.dataset.label} feature ${n}` : undefined;
          const geometry = feature.geometry ?? null;
          yield geometry
            ? { row: n, where, columns: feature.properties ?? {}, geometry, srid }
            : { row: n, where, columns: feature.properties ?? {}, geometry: null, problem: 'the feature has no geometry', problemField: 'geometry' };
        }
      }
    },
  };
}

async function prepare(dataset: OgrDataset, options: OgrSourceOptions): Promise<PreparedDataset> {
  const layers = (await ogrLayers(dataset.path, dataset.openOptions)).filter((l) => l.geometryType !== 'None');
  if (layers.length === 0) throw invalidFile(`${dataset.label} has no layer with geometries`);
  const layer = chooseLayer(layers, options, dataset.label);
  // ogr2ogr would read such a name as an option.
  if (layer.name.startsWith('-')) throw invalidFile(`${dataset.label}: the layer name "${layer.name}" cannot start with "-"`);
  if (layer.srid !== null && (await options.knownSrid(layer.srid))) {
    return { dataset, layer, crs: { srid: layer.srid, name: `EPSG:${layer.srid} (${layer.crsName})`, how: 'detected' }, keepCoordinates: true };
  }
  if (layer.crsName !== null) {
    return { dataset, layer, crs: { srid: null, name: `${layer.crsName} (reprojected by GDAL)`, how: 'detected' }, keepCoordinates: false };
  }
  if (options.fallbackSrid !== null) {
    return { dataset, layer, crs: { srid: options.fallbackSrid, name: `EPSG:${options.fallbackSrid} (zone= given)`, how: 'declared' }, keepCoordinates: true };
  }
  dataset.notes.push(`${dataset.label} has no CRS (no .prj): coordinates are taken as EPSG:4326 longitude/latitude; send zone=1…19 for plane-rectangular ones`);
  return { dataset, layer, crs: { srid: 4326, name: 'EPSG:4326 (assumed: no CRS in the file)', how: 'assumed' }, keepCoordinates: true };
}

function chooseLayer(layers: OgrLayerInfo[], options: OgrSourceOptions, label: string): OgrLayerInfo {
  const names = layers.map((l) => l.name);
  if (options.sourceLayer !== null) {
    const chosen = layers.find((l) => l.name === options.sourceLayer);
    if (!chosen) throw invalidQuery('sourceLayer', `${label} has no layer "${options.sourceLayer}"; its layers: ${names.join(', ')}`);
    return chosen;
  }
  if (layers.length === 1) return layers[0];
  const byName = layers.find((l) => l.name === options.target.id || l.name === options.target.table);
  if (byName) return byName;
  throw invalidQuery('sourceLayer', `${label} has ${layers.length} layers (${names.join(', ')}); choose one with sourceLayer=<name>`);
}

function mergedCrs(prepared: PreparedDataset[]): CrsInfo {
  const names = [...new Set(prepared.map((p) => p.crs.name))];
  return names.length === 1 ? prepared[0].crs : { srid: null, name: names.join('; '), how: 'per-row' };
}

function encodingOf(prepared: PreparedDataset[]): string | null {
  const encodings = [...new Set(prepared.flatMap((p) => p.dataset.openOptions.filter((o) => o.startsWith('ENCODING=')).map((o) => o.slice(9))))];
  return encodings.length > 0 ? encodings.join(', ') : null;
}
