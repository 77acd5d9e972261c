import { spawn } from 'node:child_process';
import { invalidFile } from '../import-errors';

/**
 * GDAL's command-line tools (Debian's gdal-bin) read Shapefile and GeoPackage and write
 * GeoPackage. They run as child processes with an argument array (never a shell), a time limit,
 * and on temporary files the caller deletes.
 */
export interface OgrLayerInfo {
  name: string;
  geometryType: string;
  featureCount: number | null;
  /** The EPSG code GDAL identified for the layer's CRS, if any. */
  srid: number | null;
  /** The CRS's name as GDAL reports it; null when the layer has none. */
  crsName: string | null;
  fields: { name: string; type: string }[];
}

const INFO_TIMEOUT_MS = 60_000;
export const CONVERT_TIMEOUT_MS = 10 * 60_000;
const MAX_STDERR = 4000;

export async function runOgr(command: 'ogr2ogr' | 'ogrinfo', args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CPL_LOG: '/dev/null' } });
    const stdout: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR)));
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' ? new Error(`${command} is not installed: install GDAL (apt-get install gdal-bin; npm start does it)`) : err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return reject(invalidFile(`reading the file took longer than ${timeoutMs / 1000} s; split it into smaller files`));
      if (code !== 0) return reject(new OgrFailure(command, stderr));
      resolve(Buffer.concat(stdout).toString('utf8'));
    });
  });
}

export class OgrFailure extends Error {
  constructor(
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`${command} failed: ${firstError(stderr)}`);
  }
}

/** The first "ERROR n: …" line GDAL printed, without its prefix. */
export function firstError(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('ERROR')) ?? stderr.split('\n').find((l) => l.trim() !== '') ?? 'no message';
  return line.replace(/^ERROR \d+:\s*/, '').trim();
}

export async function ogrLayers(path: string, openOptions: readonly string[] = []): Promise<OgrLayerInfo[]> {
  try {
    return parseOgrInfo(await runOgr('ogrinfo', ['-ro', '-so', '-al', '-nomd', ...openOptionArgs(openOptions), path], INFO_TIMEOUT_MS));
  } catch (err) {
    if (err instanceof OgrFailure) throw invalidFile(`GDAL cannot read the file: ${firstError(err.stderr)}`);
    throw err;
  }
}

/**
 * Converts one layer to GeoJSON Sequence. With `keepCoordinates` the CRS is overridden, so GDAL
 * writes the source coordinates unchanged (PostGIS transforms them); otherwise GDAL reprojects
 * to EPSG:4326 itself.
 */
export async function ogrToGeoJsonSeq(
  path: string,
  layer: string,
  out: string,
  options: { openOptions?: readonly string[]; keepCoordinates: boolean },
): Promise<void> {
  const srs = options.keepCoordinates ? ['-a_srs', 'EPSG:4326'] : ['-t_srs', 'EPSG:4326'];
  try {
    await runOgr(
      'ogr2ogr',
      ['-f', 'GeoJSONSeq', '-lco', 'COORDINATE_PRECISION=10', '-lco', 'RS=NO', ...srs, ...openOptionArgs(options.openOptions ?? []), out, path, layer],
      CONVERT_TIMEOUT_MS,
    );
  } catch (err) {
    if (err instanceof OgrFailure) throw invalidFile(`GDAL cannot convert the layer "${layer}": ${firstError(err.stderr)}`);
    throw err;
  }
}

function openOptionArgs(options: readonly string[]): string[] {
  return options.flatMap((o) => ['-oo', o]);
}

const FIELD = /^(.+?): (Integer64List|IntegerList|RealList|StringList|Integer64|Integer|Real|String|DateTime|Date|Time|Binary)(\(\w+\))? \(/;

/** The layers in `ogrinfo -so -al` output (GDAL 3.x text form). */
export function parseOgrInfo(text: string): OgrLayerInfo[] {
  const layers: OgrLayerInfo[] = [];
  let current: OgrLayerInfo | null = null;
  let inSrs = false;
  for (const line of text.split('\n')) {
    const layerName = /^Layer name: (.*)$/.exec(line);
    if (layerName) {
      current = { name: layerName[1], geometryType: 'Unknown', featureCount: null, srid: null, crsName: null, fields: [] };
      layers.push(current);
      inSrs = false;
      continue;
    }
    if (!current) continue;
    if (line.startsWith('Layer SRS WKT:')) {
      inSrs = true;
      continue;
    }
    if (inSrs) {
      if (line.startsWith('(unknown)')) inSrs = false;
      const name = /^[A-Z]+CRS\["([^"]*)"/.exec(line) ?? /^(?:PROJCS|GEOGCS)\["([^"]*)"/.exec(line);
      if (name && current.crsName === null) current.crsName = name[1];
      const id = /^ {4}ID\["EPSG",(\d+)\]\]$/.exec(line);
      if (id) current.srid = Number(id[1]);
      if (/^Data axis to CRS axis mapping|^FID Column|^Geometry Column/.test(line) || FIELD.test(line)) inSrs = false;
      else continue;
    }
    const geometry = /^Geometry: (.*)$/.exec(line);
    if (geometry) current.geometryType = geometry[1];
    const count = /^Feature Count: (-?\d+)$/.exec(line);
    if (count) current.featureCount = Number(count[1]) >= 0 ? Number(count[1]) : null;
    const field = FIELD.exec(line);
    if (field) current.fields.push({ name: field[1], type: field[2] + (field[3] ?? '') });
  }
  return layers;
}
