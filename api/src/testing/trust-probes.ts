import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Response } from 'supertest';

export interface TileFeature {
  id: number | undefined;
  properties: Record<string, unknown>;
}

/** Every feature of every layer in an MVT body, decoded with @mapbox/vector-tile. */
export function decodeTile(body: Buffer): Record<string, TileFeature[]> {
  const tile = new VectorTile(new PbfReader(body));
  const out: Record<string, TileFeature[]> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    out[name] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      out[name].push({ id: f.id, properties: { ...f.properties } });
    }
  }
  return out;
}

/** The slippy-map tile of zoom z containing lon/lat. */
export function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const phi = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * n);
  return { z, x: Math.floor(((lon + 180) / 360) * n), y };
}

/** supertest parser that keeps a binary body as a Buffer. */
export function binary(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Rows of a CSV export (header first), parsed simply: the probes only need ids and column names. */
export function csvRows(text: string): string[][] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(','));
}
