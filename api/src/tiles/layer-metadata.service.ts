import { Injectable } from '@nestjs/common';
import type { LayerDefinition } from '@mimamori/db';
import { Bbox, TilesRepository } from './tiles.repository';

/** Japan (lon 122–154, lat 20–46): the extent advertised for a layer with no rows yet. */
export const JAPAN_BBOX: Bbox = [122, 20, 154, 46];

/** Layer version and extent; the extent is a full scan, so it is kept per layer version. */
@Injectable()
export class LayerMetadataService {
  private readonly extents = new Map<string, { version: string; bbox: Bbox }>();

  constructor(private readonly repository: TilesRepository) {}

  version(layer: LayerDefinition): Promise<string> {
    return this.repository.layerVersion(layer);
  }

  async extent(layer: LayerDefinition): Promise<Bbox> {
    const version = await this.repository.layerVersion(layer);
    const cached = this.extents.get(layer.id);
    if (cached?.version === version) return cached.bbox;
    const bbox = (await this.repository.layerExtent(layer)) ?? JAPAN_BBOX;
    this.extents.set(layer.id, { version, bbox });
    return bbox;
  }
}
