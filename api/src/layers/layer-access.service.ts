import { HttpStatus, Injectable } from '@nestjs/common';
import { canSee, findLayer, LAYERS, type LayerDefinition, type Sensitivity } from '@mimamori/db';
import { AppError } from '../common/app-error';
import type { Principal } from '../auth/auth.types';

export interface LayerAccess {
  layer: LayerDefinition;
  /** What the principal may see: layers and properties above it are absent for them. */
  clearance: Sensitivity;
}

/**
 * The one place that decides who sees which layer and may change which feature. Layers the
 * principal may not see are absent (404 UNKNOWN_LAYER), never 403, so their existence does not
 * leak. Tiles, OGC and exports go through here too.
 */
@Injectable()
export class LayerAccessService {
  clearanceOf(principal: Principal): Sensitivity {
    return principal.role === 'police' || principal.role === 'admin' ? 'police' : 'internal';
  }

  readableLayers(principal: Principal): LayerAccess[] {
    const clearance = this.clearanceOf(principal);
    return LAYERS.filter((layer) => canSee(layer.sensitivity, clearance)).map((layer) => ({ layer, clearance }));
  }

  readable(layerId: string, principal: Principal): LayerAccess {
    const clearance = this.clearanceOf(principal);
    const layer = findLayer(layerId);
    if (!layer || !canSee(layer.sensitivity, clearance)) {
      const known = this.readableLayers(principal).map((a) => a.layer.id);
      throw AppError.notFound('UNKNOWN_LAYER', `there is no layer "${layerId}"; layers: ${known.join(', ')}`, { field: 'layer' });
    }
    return { layer, clearance };
  }

  /** Writers change their own organisation's features; admins change any. */
  assertMayModify(principal: Principal, featureOrganisationId: string, what: string): void {
    if (principal.role === 'admin' || principal.organisationId === featureOrganisationId) return;
    throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', `${what} belongs to another organisation; only its owner or an admin may change it`);
  }

  /** The organisation new features belong to. */
  owningOrganisation(principal: Principal): string {
    if (!principal.organisationId) throw new AppError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'sign in first to write features');
    return principal.organisationId;
  }
}
