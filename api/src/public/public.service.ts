import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error';
import { parseBbox } from '../layers/request-params';
import { parseTileAddress } from '../tiles/tile-address';
import { matchesETag, tileETag } from '../tiles/tile-etag';
import { halfMeshBounds, halfMeshCode, halfMeshRange } from './jis-mesh';
import { findPublicLayer, MAX_MESH_CELLS, MIN_CAMERAS_PER_CELL, PUBLIC_LAYERS, PublicLayer } from './public-layers';
import { PublicRepository } from './public.repository';
import type { TileResponse } from '../tiles/tile-response';

export interface PublicLayerSummary {
  id: string;
  title: { ja: string; en: string };
  geometryType: string;
  properties: readonly string[];
  kinds: readonly string[] | null;
  tiles: string;
  minZoom: number;
  maxZoom: number;
}

export interface MeshFeatureCollection {
  type: 'FeatureCollection';
  mesh: 'JIS X 0410 half mesh (2分の1地域メッシュ)';
  minCameras: number;
  features: {
    type: 'Feature';
    id: string;
    geometry: { type: 'Polygon'; coordinates: number[][][] };
    properties: { meshCode: string; cameras: number };
  }[];
}

export type PublicTileReply = TileResponse;

const JAPAN = { west: 122, south: 20, east: 154, north: 46 };

@Injectable()
export class PublicService {
  constructor(private readonly repo: PublicRepository) {}

  layers(): PublicLayerSummary[] {
    return PUBLIC_LAYERS.map((p) => ({
      id: p.layer.id,
      title: p.title,
      geometryType: p.layer.geometry,
      properties: p.properties,
      kinds: p.kinds,
      tiles: `/api/public/tiles/${p.layer.id}/{z}/{x}/{y}.mvt`,
      minZoom: p.layer.minZoom,
      maxZoom: p.layer.maxZoom,
    }));
  }

  async tile(layerId: string, z: string, x: string, y: string, ifNoneMatch: string | undefined): Promise<PublicTileReply> {
    const pub = this.publicLayer(layerId);
    const tile = parseTileAddress(z, x, y);
    if (tile.z < pub.layer.minZoom || tile.z > pub.layer.maxZoom) return { kind: 'outside-zoom-range' };
    const etag = tileETag('public', pub.layer.id, await this.repo.layerVersion(pub), tile.z, tile.x, tile.y);
    if (matchesETag(ifNoneMatch, etag)) return { kind: 'not-modified', etag };
    return { kind: 'tile', etag, body: await this.repo.tile(pub, tile) };
  }

  async cameraMesh(rawBbox: string | undefined): Promise<MeshFeatureCollection> {
    if (rawBbox === undefined) throw invalidBbox('bbox is required: west,south,east,north in lon/lat');
    const [w, s, e, n] = parseBbox(rawBbox);
    if (w < JAPAN.west || e > JAPAN.east || s < JAPAN.south || n > JAPAN.north) {
      throw invalidBbox(`bbox ${rawBbox} must lie in Japan (lon ${JAPAN.west}–${JAPAN.east}, lat ${JAPAN.south}–${JAPAN.north}); lat/lon swapped?`);
    }
    const { rows, cols } = halfMeshRange([w, s, e, n]);
    const cells = (rows[1] - rows[0] + 1) * (cols[1] - cols[0] + 1);
    if (cells > MAX_MESH_CELLS) throw invalidBbox(`bbox ${rawBbox} covers ${cells} half-mesh cells; at most ${MAX_MESH_CELLS} (about 1° × 1°)`);
    const counts = await this.repo.meshCounts(rows, cols, MIN_CAMERAS_PER_CELL);
    return {
      type: 'FeatureCollection',
      mesh: 'JIS X 0410 half mesh (2分の1地域メッシュ)',
      minCameras: MIN_CAMERAS_PER_CELL,
      features: counts.map((c) => {
        const meshCode = halfMeshCode(c);
        const [cw, cs, ce, cn] = halfMeshBounds(c).map((v) => Math.round(v * 1e7) / 1e7);
        return {
          type: 'Feature' as const,
          id: meshCode,
          geometry: { type: 'Polygon' as const, coordinates: [[[cw, cs], [ce, cs], [ce, cn], [cw, cn], [cw, cs]]] },
          properties: { meshCode, cameras: c.cameras },
        };
      }),
    };
  }

  private publicLayer(layerId: string): PublicLayer {
    const pub = findPublicLayer(layerId);
    if (!pub) throw AppError.notFound('UNKNOWN_LAYER', `the public map has no layer "${layerId}"; layers: ${PUBLIC_LAYERS.map((p) => p.layer.id).join(', ')}`, { field: 'layer' });
    return pub;
  }
}

function invalidBbox(message: string): AppError {
  return AppError.badRequest('INVALID_QUERY', message, { field: 'bbox' });
}
