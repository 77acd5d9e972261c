import { readFile } from 'node:fs/promises';
import type { LayerDefinition } from '@mimamori/db';
import { AppError } from '../../common/app-error';
import { invalidFile, invalidQuery } from './import-errors';
import { extensionOf, sniffFile } from './import-formats';
import type { ImportFormatId, SourceReader } from './import-types';
import { OSM_LAYERS, hasOsmProfile } from './mapping/osm-profiles';
import { openCityGml } from './readers/citygml-reader';
import { openCsv } from './readers/csv-reader';
import { dbfEncoding } from './readers/dbf-encoding';
import { openGeoJson, openNdjson } from './readers/geojson-source';
import { openGpx, type GpxWant } from './readers/gpx-reader';
import { openKml } from './readers/kml-reader';
import { openOgrSource, type OgrDataset } from './readers/ogr-reader';
import { openOsm } from './readers/osm-reader';
import { extractEntries, listArchive, type ArchiveEntry, type ArchiveLimits } from './readers/zip-archive';
import { readHead } from './text-encoding';
import { zoneSrid } from './mapping/value-coercion';

export interface OpenSourceRequest {
  path: string;
  fileName: string;
  format: ImportFormatId | null;
  /** iconv-lite name of a declared encoding. */
  encoding: string | null;
  sourceLayer: string | null;
  zone: number | null;
  layer: LayerDefinition;
  limits: ArchiveLimits;
  /** A private directory for extracted and converted files, deleted by the caller. */
  workDir: string;
  knownSrid: (srid: number) => Promise<boolean>;
}

const SHAPEFILE_PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg'];
const REQUIRED_PARTS = ['shx', 'dbf'];

/** Opens an upload as a reader of records, looking inside zip archives (Shapefile, KMZ…). */
export async function openSource(request: OpenSourceRequest): Promise<SourceReader> {
  const kind = sniffFile(await readHead(request.path, 4096), request.fileName);
  if (kind.kind === 'zip') return openArchive(request);
  if (request.format === 'shapefile') {
    throw invalidFile('send a Shapefile as one .zip holding its .shp, .shx, .dbf and .prj (and .cpg if there is one)');
  }
  return openFile(request, request.path, request.format ?? kind.format, request.fileName);
}

async function openFile(request: OpenSourceRequest, path: string, format: ImportFormatId, label: string): Promise<SourceReader> {
  const { layer, encoding } = request;
  if ((format === 'geojson' || format === 'ndjson') && encoding !== null && encoding !== 'utf8') {
    throw invalidQuery('encoding', 'GeoJSON files are UTF-8 (RFC 7946); encoding= applies to CSV and Shapefile attributes');
  }
  switch (format) {
    case 'geojson':
      return openGeoJson(path);
    case 'ndjson':
      return openNdjson(path);
    case 'csv':
      return openCsv(path, encoding);
    case 'gpkg':
      return openOgrSource({ ...ogrOptions(request), format: 'gpkg', datasets: [{ path, label, openOptions: [], notes: [] }] });
    case 'kml':
      return openKml(path, layer.geometry === 'LineStringM' ? ['LineString'] : layer.accepts);
    case 'gpx':
      return openGpx(path, gpxWant(layer));
    case 'osm':
      if (!hasOsmProfile(layer)) throw wrongLayer('OSM XML', OSM_LAYERS.join(', '), layer);
      return openOsm(path);
    case 'citygml':
      if (layer.id !== 'buildings') throw wrongLayer('CityGML', 'buildings', layer);
      return openCityGml(path);
    case 'shapefile':
      throw invalidFile('send a Shapefile as one .zip holding its .shp, .shx, .dbf and .prj');
  }
}

async function openArchive(request: OpenSourceRequest): Promise<SourceReader> {
  const entries = (await listArchive(request.path, request.limits)).filter((e) => !e.name.endsWith('/') && !/(^|\/)(__MACOSX|\.)/.test(e.name));
  const byExtension = (ext: string) => entries.filter((e) => extensionOf(e.name) === ext);
  const shapefiles = byExtension('shp');
  if (shapefiles.length > 0 && (request.format === null || request.format === 'shapefile')) return openShapefiles(request, entries, shapefiles);
  const wanted = request.format;
  const candidates = entries.filter((e) => {
    const ext = extensionOf(e.name);
    return ext !== null && ['kml', 'gpkg', 'csv', 'tsv', 'geojson', 'json', 'ndjson', 'geojsonl', 'gpx', 'osm', 'gml'].includes(ext);
  });
  const chosen = candidates.find((e) => e.name === 'doc.kml') ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!chosen) {
    const names = entries.slice(0, 20).map((e) => e.name).join(', ');
    if (wanted === 'shapefile') throw invalidFile(`the archive holds no .shp file (it holds: ${names})`);
    throw invalidFile(
      candidates.length > 1
        ? `the archive holds several files to import (${candidates.map((c) => c.name).join(', ')}); send one per import`
        : `the archive holds nothing to import (it holds: ${names}); a Shapefile needs its .shp, .shx and .dbf`,
    );
  }
  const extracted = await extractEntries(request.path, new Set([chosen.name]), request.workDir, request.limits);
  const path = extracted.get(chosen.name)!;
  if (wanted !== null) return openFile(request, path, wanted, chosen.name);
  const inner = sniffFile(await readHead(path, 4096), chosen.name);
  if (inner.kind === 'zip') throw invalidFile(`the archive entry "${chosen.name}" is itself an archive`);
  return openFile(request, path, inner.format, chosen.name);
}

async function openShapefiles(request: OpenSourceRequest, entries: ArchiveEntry[], shapefiles: ArchiveEntry[]): Promise<SourceReader> {
  const parts = new Map<string, string>();
  for (const shp of shapefiles) {
    const base = shp.name.slice(0, -4);
    for (const ext of SHAPEFILE_PARTS) {
      const part = entries.find((e) => e.name.toLowerCase() === `${base}.${ext}`.toLowerCase());
      if (part) parts.set(`${base}.${ext}`, part.name);
      else if (REQUIRED_PARTS.includes(ext)) {
        throw invalidFile(
          `the Shapefile "${shp.name}" has no .${ext} in the archive; a Shapefile needs .shp, .shx and .dbf (and .prj for its CRS)`,
          { part: `${base}.${ext}` },
        );
      }
    }
  }
  const extracted = await extractEntries(request.path, new Set(parts.values()), request.workDir, request.limits);
  const datasets: OgrDataset[] = [];
  for (const shp of shapefiles) {
    const base = shp.name.slice(0, -4);
    const at = (ext: string) => {
      const name = parts.get(`${base}.${ext}`);
      return name === undefined ? undefined : extracted.get(name);
    };
    const cpgPath = at('cpg');
    const cpg = cpgPath ? (await readFile(cpgPath, 'latin1')).trim() : null;
    const detected = request.encoding ? { encoding: gdalEncoding(request.encoding), how: 'declared with encoding=' } : dbfEncoding(await readFile(at('dbf')!), cpg);
    const notes = [`${shp.name}: attributes in ${detected.encoding} (${detected.how})`];
    if (!at('prj')) notes.push(`${shp.name} has no .prj`);
    datasets.push({ path: at('shp')!, label: shp.name, openOptions: [`ENCODING=${detected.encoding}`], notes });
  }
  return openOgrSource({ ...ogrOptions(request), format: 'shapefile', datasets });
}

function ogrOptions(request: OpenSourceRequest) {
  return {
    sourceLayer: request.sourceLayer,
    target: request.layer,
    workDir: request.workDir,
    fallbackSrid: request.zone === null ? null : zoneSrid(request.zone),
    knownSrid: request.knownSrid,
  };
}

function gdalEncoding(iconvName: string): string {
  return { utf8: 'UTF-8', cp932: 'CP932', eucjp: 'EUC-JP', latin1: 'ISO-8859-1' }[iconvName] ?? iconvName;
}

function gpxWant(layer: LayerDefinition): GpxWant {
  switch (layer.geometry) {
    case 'Point':
      return 'waypoints';
    case 'LineStringM':
      return 'tracks-with-times';
    case 'LineString':
    case 'MultiLineString':
      return 'lines';
    case 'MultiPolygon':
      throw wrongLayer('GPX', 'point and line layers', layer);
  }
}

function wrongLayer(format: string, targets: string, layer: LayerDefinition): AppError {
  return AppError.badRequest('UNSUPPORTED_FORMAT', `${format} files can be imported into ${targets}, not ${layer.id}`, { field: 'layer' });
}
