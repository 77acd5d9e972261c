import { Injectable, Logger } from '@nestjs/common';
import { canSee, type LayerDefinition } from '@mimamori/db';
import { ANALYSIS_CLEARANCE, isAnalysisType } from '@mimamori/workers/contracts';
import { clearanceOf, type Principal } from '../auth/auth.types';
import { AppError } from '../common/app-error';
import { LayerMetadataService } from './layer-metadata.service';
import { LayerAccessService } from '../layers/layer-access.service';
import { parseTileAddress, pixelSize3857, TileAddress } from './tile-address';
import { TileCache } from './tile-cache';
import type { TileResponse } from './tile-response';
import { addressOfKey, intersects, LonLatBox, MAX_TOUCHED_BOXES, mergeBoxes, tileBounds, tileKey } from './tile-freshness';
import { TileInvalidationRepository, Watermark } from './tile-invalidation.repository';
import { matchesETag, tileETag } from './tile-etag';
import { TileJson, tileJsonOf } from './tilejson';
import { LayerTileOptions, TilesRepository } from './tiles.repository';

/** Memory the tile cache may use in one API process. */
export const TILE_CACHE_BYTES = 64 * 1024 * 1024;
/** Hard cap per tile (documented in the OpenAPI description): beyond it a tile keeps the lowest feature ids. */
export const MAX_FEATURES_PER_TILE = 20_000;
/** Layers marked `simplify` are simplified below this zoom, where half a pixel exceeds ~1 m. */
export const SIMPLIFY_BELOW_ZOOM = 16;
/** Largest tile served: a bigger one is rendered again with fewer features (and says so). */
export const MAX_TILE_BYTES = 500 * 1024;

/** What the cache knows of a layer: the version its entries are valid for and when it last looked. */
interface LayerFreshness {
  /** The layer_state version; the views of a layer (own, shared rows) all follow it. */
  version: number;
  /** Transaction-id watermark of the last check (TileInvalidationRepository). */
  watermark: Watermark;
  /** Bumped at every invalidation: a render started before it is not cached. */
  epoch: number;
  syncing?: Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TileReply = TileResponse;

@Injectable()
export class TilesService {
  private readonly logger = new Logger(TilesService.name);
  private readonly cache = new TileCache(TILE_CACHE_BYTES);
  private readonly pending = new Map<string, Promise<{ body: Buffer; etag: string; thinned?: { maxFeatures: number } }>>();
  private readonly freshness = new Map<string, LayerFreshness>();

  constructor(
    private readonly repository: TilesRepository,
    private readonly metadata: LayerMetadataService,
    private readonly access: LayerAccessService,
    private readonly invalidation: TileInvalidationRepository,
  ) {}

  async layerTile(layerId: string, z: string, x: string, y: string, principal: Principal, ifNoneMatch?: string): Promise<TileReply> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const tile = parseTileAddress(z, x, y);
    if (tile.z < layer.minZoom || tile.z > layer.maxZoom) return { kind: 'outside-zoom-range' };
    // The version is read before the rows, so a tile is never older than the version it is stored for.
    const version = await this.metadata.version(layer);
    const state = await this.fresh(layer, version);
    const key = layerTileKey(layer.id, clearance, version, tile);
    const hit = this.cache.entry(key);
    if (hit && matchesETag(ifNoneMatch, hit.tag)) return { kind: 'not-modified', etag: hit.tag };
    if (hit) return { kind: 'tile', etag: hit.tag, body: hit.body };
    const etag = tileETag('layer', layer.id, version, clearance, tile.z, tile.x, tile.y);
    if (matchesETag(ifNoneMatch, etag)) return { kind: 'not-modified', etag };
    const epoch = state.epoch;
    const rendered = await this.once(`${key}|${epoch}`, async () => {
      const out = await this.boundedTile((maxFeatures) => this.repository.layerTile(layer, clearance, tile, { ...tileOptions(layer, tile), maxFeatures }));
      if (state.epoch === epoch) this.cache.set(key, out.body, etag);
      return { ...out, etag };
    });
    return { kind: 'tile', ...rendered };
  }

  /**
   * A cached layer tile for this principal, answered from memory (and one shared version read),
   * or null when the full path must decide: an unknown or shared-only layer, a bad address, a
   * zoom outside the layer's range, a layer whose version moved on, or a tile not cached.
   * Shares never widen it: only layers the principal's clearance covers are served here, so the
   * key (clearance, no row scope) is exactly the one the full path would use.
   */
  async cachedLayerTile(layerId: string, z: string, x: string, y: string, principal: Principal, ifNoneMatch?: string): Promise<TileReply | null> {
    const ownView: Principal = { ...principal, sharedLayers: undefined };
    let access: { layer: LayerDefinition; clearance: string };
    let tile: TileAddress;
    try {
      access = this.access.readable(layerId, ownView);
      tile = parseTileAddress(z, x, y);
    } catch {
      return null;
    }
    const { layer, clearance } = access;
    if (tile.z < layer.minZoom || tile.z > layer.maxZoom) return null;
    const version = await this.metadata.version(layer);
    if (this.freshness.get(layer.id)?.version !== versionNumber(version)) return null;
    const hit = this.cache.entry(layerTileKey(layer.id, clearance, version, tile));
    if (!hit) return null;
    return matchesETag(ifNoneMatch, hit.tag) ? { kind: 'not-modified', etag: hit.tag } : { kind: 'tile', etag: hit.tag, body: hit.body };
  }

  async analysisTile(runId: string, z: string, x: string, y: string, principal: Principal, ifNoneMatch?: string): Promise<TileReply> {
    const run = UUID.test(runId) ? await this.repository.findRun(runId) : null;
    const visible = run !== null && (!isAnalysisType(run.type) || canSee(ANALYSIS_CLEARANCE[run.type], clearanceOf(principal)));
    if (!run || !visible) throw AppError.notFound('RUN_NOT_FOUND', `analysis run "${runId}" does not exist`);
    const tile = parseTileAddress(z, x, y);
    // A run writes its features and its final status in one transaction: status and finish time name the content.
    const etag = tileETag('analysis', run.id, run.status, run.finishedAt ?? '', tile.z, tile.x, tile.y);
    if (matchesETag(ifNoneMatch, etag)) return { kind: 'not-modified', etag };
    // Parts of a split run write their lines before it succeeds: results are shown only once it has.
    if (run.status !== 'succeeded') return { kind: 'tile', etag, body: Buffer.alloc(0) };
    const hit = this.cache.get(etag);
    if (hit) return { kind: 'tile', etag, body: hit };
    const rendered = await this.once(etag, async () => {
      const out = await this.boundedTile((maxFeatures) => this.repository.analysisTile(run.id, tile, maxFeatures));
      this.cache.set(etag, out.body, etag);
      return { ...out, etag };
    });
    return { kind: 'tile', ...rendered };
  }

  async tileJson(layerId: string, principal: Principal, origin: string): Promise<TileJson> {
    const { layer, clearance } = this.access.readable(layerId, principal);
    const [bounds, version] = await Promise.all([this.metadata.extent(layer), this.metadata.version(layer)]);
    return tileJsonOf(layer, clearance, origin, bounds, version);
  }

  /** Concurrent misses of one tile share one query. */
  private once<T>(key: string, render: () => Promise<T>): Promise<T> {
    let pending = this.pending.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = render().finally(() => this.pending.delete(key));
      this.pending.set(key, pending as Promise<never>);
    }
    return pending;
  }

  /** Renders a tile; one over MAX_TILE_BYTES is rendered again keeping fewer features (the lowest ids). */
  private async boundedTile(render: (maxFeatures: number) => Promise<Buffer>): Promise<{ body: Buffer; thinned?: { maxFeatures: number } }> {
    let maxFeatures = MAX_FEATURES_PER_TILE;
    let body = await render(maxFeatures);
    for (let attempt = 0; body.length > MAX_TILE_BYTES && attempt < 6 && maxFeatures > 1; attempt++) {
      maxFeatures = Math.max(1, Math.floor((maxFeatures * MAX_TILE_BYTES * 0.9) / body.length));
      body = await render(maxFeatures);
    }
    return maxFeatures < MAX_FEATURES_PER_TILE ? { body, thinned: { maxFeatures } } : { body };
  }

  /**
   * Brings the layer's cached tiles up to `version`: when it moved on, only the tiles touching
   * rows written since the last check (where they are now and where they were) are dropped.
   */
  private async fresh(layer: LayerDefinition, version: string): Promise<LayerFreshness> {
    let state = this.freshness.get(layer.id);
    if (!state) {
      state = { version: versionNumber(version), watermark: await this.invalidation.watermark(), epoch: 0 };
      this.freshness.set(layer.id, state);
      return state;
    }
    while (versionNumber(version) > state.version) {
      state.syncing ??= this.sync(layer, state, version).finally(() => (state!.syncing = undefined));
      await state.syncing;
    }
    return state;
  }

  private async sync(layer: LayerDefinition, state: LayerFreshness, version: string): Promise<void> {
    const { boxes, watermark } = await this.invalidation.touchedSince(layer, state.watermark, MAX_TOUCHED_BOXES * 4);
    const prefix = `layer|${layer.id}|`;
    // Keys name the view (clearance, shared rows), so one pass over the boxes serves every view of the layer.
    const everything = boxes.length > MAX_TOUCHED_BOXES * 4;
    const merged: LonLatBox[] = mergeBoxes(boxes);
    state.epoch++;
    const dropped = this.cache.invalidate(prefix, (key) => everything || merged.some((b) => intersects(b, tileBounds(addressOfKey(key)))));
    state.version = versionNumber(version);
    state.watermark = watermark;
    this.logger.debug(`${layer.id} ${version}: ${boxes.length} touched rows, ${dropped} cached tiles dropped`);
  }
}

const versionNumber = (version: string) => Number(version.split('@')[0]);

/** Cache key of a layer tile: the layer, the view (clearance and, for a shared view, whose rows) and the address. */
const layerTileKey = (layerId: string, clearance: string, version: string, tile: TileAddress) => tileKey(`layer|${layerId}|${clearance}|${version.split('@')[1] ?? ''}`, tile);

function tileOptions(layer: LayerDefinition, tile: TileAddress): LayerTileOptions {
  const pixel = pixelSize3857(tile.z);
  const simplify = layer.simplify && tile.z < SIMPLIFY_BELOW_ZOOM;
  return { simplifyTolerance: simplify ? pixel / 2 : 0, minFeatureSize: simplify ? pixel : 0, maxFeatures: MAX_FEATURES_PER_TILE };
}
