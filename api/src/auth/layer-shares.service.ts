import { Injectable } from '@nestjs/common';
import { findLayer } from '@mimamori/db';
import { AppError } from '../common/app-error';
import type { Principal } from './auth.types';
import { LayerShare, LayerSharesRepository } from './layer-shares.repository';

/**
 * Explicit sharing: an organisation's rows of a layer its partner could not otherwise see
 * (patrol tracks, for instance) become readable by that partner. Reads only; the partner
 * still cannot write to the layer.
 */
@Injectable()
export class LayerSharesService {
  constructor(private readonly repo: LayerSharesRepository) {}

  list(layerId: string): Promise<LayerShare[]> {
    return this.repo.list(knownLayer(layerId));
  }

  async share(layerId: string, from: string, to: string, principal: Principal): Promise<LayerShare[]> {
    const layer = knownLayer(layerId);
    await this.assertOrganisations(from, to);
    await this.repo.add(layer, from, to, principal.userId);
    return this.repo.list(layer);
  }

  async unshare(layerId: string, from: string, to: string): Promise<void> {
    const layer = knownLayer(layerId);
    if (!(await this.repo.remove(layer, from, to))) {
      throw AppError.notFound('SHARE_NOT_FOUND', `${from} does not share ${layer} with ${to}`);
    }
  }

  private async assertOrganisations(from: string, to: string): Promise<void> {
    if (from === to) throw AppError.badRequest('VALIDATION_FAILED', 'an organisation cannot share a layer with itself', { field: 'toOrganisationId' });
    const missing = await this.repo.missingOrganisations([from, to]);
    if (missing.length > 0) {
      const field = missing.includes(from) ? 'fromOrganisationId' : 'toOrganisationId';
      throw AppError.notFound('NOT_FOUND', `there is no organisation ${missing.join(', ')}`, { field });
    }
  }
}

function knownLayer(layerId: string): string {
  const layer = findLayer(layerId);
  if (!layer) throw AppError.notFound('UNKNOWN_LAYER', `there is no layer "${layerId}"`, { field: 'layer' });
  return layer.id;
}
