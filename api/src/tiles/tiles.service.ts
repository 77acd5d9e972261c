import { Injectable } from '@nestjs/common';
import type { LayerDefinition } from '@mimamori/db';
import type { Principal } from '../auth/auth.types';
import { AppError } from '../common/app-error';
import { LayerMetadataService } from './layer-metadata.service';
import { LayerAccessService } from '../layers/layer-access.service';
import { parseTileAddress, pixelSize3857, TileAddress } from './tile-address';
import { TileCache } from './tile-cache';
import { matchesETag, tileETag } from './tile-etag';
import { TileJson, tileJsonOf } from './tilejson';
import { LayerTileOptions, TilesRepository } from './tiles.repository';

/** Memory the tile cache may use in one API process. */
export const TILE_CACHE_BYTES = 64 * 1024 * 1024;
/** Hard cap per tile (documented in the OpenAPI description): beyond it a tile keeps the lowest feature ids. */
export const MAX_FEATURES_PER_TILE = 20_000;
/** Layers marked `simplify` are simplified below this zoom, where half a pixel exceeds ~1 m. */
export const SIMPLIFY_BELOW_ZOOM = 16;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TileReply = { kind: 'tile'; etag: string; body: Buffer } | { kind: 'not-modified'; etag: string } | { kind: 'outside-zoom-range' };

@Injectable()
export class TilesService {
  private readonly cache = new TileCache(TILE_CACHE_BYTES);
  private readonly pending = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly repository: TilesRepository,
    private readonly metadata: LayerMetadataService,
    private readonly access: LayerAccessService,
  ) {}

  async layerTile(layerId: string, z: string, x: string, y: string, principal: Principal, ifNoneMatch?: string): Promise<TileReply> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const tile = parseTileAddress(z, x, y);
    if (tile.z < layer.minZoom || tile.z > layer.maxZoom) return { kind: 'outside-zoom-range' };
    // The version is read before the rows, so a cached tile is never older than its key.
    const version = await this.metadata.version(layer);
    const etag = tileETag('layer', layer.id, version, clearance, tile.z, tile.x, tile.y);
    if (matchesETag(ifNoneMatch, etag)) return { kind: 'not-modified', etag };
    const body = await this.cached(etag, () => this.repository.layerTile(layer, clearance, tile, tileOptions(layer, tile)));
    return { kind: 'tile', etag, body };
  }

  async analysisTile(runId: string, z: string, x: string, y: string, ifNoneMatch?: string): Promise<TileReply> {
    const run = UUID.test(runId) ? await this.repository.findRun(runId) : null;
    if (!run) throw AppError.notFound('RUN_NOT_FOUND', `analysis run "${runId}" does not exist`);
    const tile = parseTileAddress(z, x, y);
    // A run writes its features and its final status in one transaction: status and finish time name the content.
    const etag = tileETag('analysis', run.id, run.status, run.finishedAt ?? '', tile.z, tile.x, tile.y);
    if (matchesETag(ifNoneMatch, etag)) return { kind: 'not-modified', etag };
    const body = await this.cached(etag, () => this.repository.analysisTile(run.id, tile, MAX_FEATURES_PER_TILE));
    return { kind: 'tile', etag, body };
  }

  async tileJson(layerId: string, principal: Principal, origin: string): Promise<TileJson> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const [bounds, version] = await Promise.all([this.metadata.extent(layer), this.metadata.version(layer)]);
    return tileJsonOf(layer, clearance, origin, bounds, version);
  }

  /** Cache lookup keyed by the ETag (which hashes everything a tile depends on); concurrent misses share one query. */
  private async cached(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
    const hit = this.cache.get(key);
    if (hit) return hit;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = render()
        .then((body) => {
          this.cache.set(key, body);
          return body;
        })
        .finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }
}

function tileOptions(layer: LayerDefinition, tile: TileAddress): LayerTileOptions {
  const pixel = pixelSize3857(tile.z);
  const simplify = layer.simplify && tile.z < SIMPLIFY_BELOW_ZOOM;
  return { simplifyTolerance: simplify ? pixel / 2 : 0, minFeatureSize: simplify ? pixel : 0, maxFeatures: MAX_FEATURES_PER_TILE };
}
