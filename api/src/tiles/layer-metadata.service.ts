import { Injectable } from '@nestjs/common';
import type { LayerDefinition } from '@mimamori/db';
import { rowOrganisations } from '../layers/feature-sql';
import { TileInvalidationRepository } from './tile-invalidation.repository';
import { Bbox, TilesRepository } from './tiles.repository';
import { VersionReads } from './version-reads';

/** Japan (lon 122–154, lat 20–46): the extent advertised for a layer with no rows yet. */
export const JAPAN_BBOX: Bbox = [122, 20, 154, 46];

/** Layer version and extent; the extent is a full scan, so it is kept per layer version. */
@Injectable()
export class LayerMetadataService {
  private readonly extents = new Map<string, { version: string; bbox: Bbox }>();
  /** Every request checks the version (a cached tile is served only for the current one): concurrent checks share a query. */
  private readonly versions: VersionReads<Map<string, string>>;

  constructor(
    private readonly repository: TilesRepository,
    invalidation: TileInvalidationRepository,
  ) {
    this.versions = new VersionReads(() => invalidation.layerVersions());
  }

  /** The layer's current version; for a shared view also whose rows it shows, since its content differs. */
  async version(layer: LayerDefinition): Promise<string> {
    const version = (await this.versions.get()).get(layer.id) ?? '0';
    const organisations = rowOrganisations(layer);
    return organisations === null ? version : `${version}@${organisations.join(',')}`;
  }

  async extent(layer: LayerDefinition): Promise<Bbox> {
    const version = await this.version(layer);
    const cached = this.extents.get(layer.id);
    if (cached?.version === version) return cached.bbox;
    const bbox = (await this.repository.layerExtent(layer)) ?? JAPAN_BBOX;
    this.extents.set(layer.id, { version, bbox });
    return bbox;
  }
}
