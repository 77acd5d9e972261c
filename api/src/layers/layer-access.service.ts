import { HttpStatus, Injectable } from '@nestjs/common';
import { canSee, findLayer, LAYERS, type LayerDefinition, type Sensitivity } from '@mimamori/db';
import { AppError } from '../common/app-error';
import { clearanceOf, type Principal } from '../auth/auth.types';
import { sharedLayer } from './feature-sql';

export interface LayerAccess {
  /** With a row scope when only shared rows are readable (see `rowOrganisations`). */
  layer: LayerDefinition;
  /** What the principal may see: layers and properties above it are absent for them. */
  clearance: Sensitivity;
}

/**
 * The one place that decides who sees which layer and may change which feature. Layers the
 * principal may not see are absent (404 UNKNOWN_LAYER), never 403, so their existence does not
 * leak. Tiles, OGC and exports go through here too.
 *
 * A layer above the principal's clearance that another organisation shares with theirs is
 * readable, limited to the sharing organisations' rows, and never writable.
 */
@Injectable()
export class LayerAccessService {
  clearanceOf(principal: Principal): Sensitivity {
    return clearanceOf(principal);
  }

  readableLayers(principal: Principal): LayerAccess[] {
    return LAYERS.map((layer) => this.accessTo(layer, principal)).filter((a): a is LayerAccess => a !== null);
  }

  readable(layerId: string, principal: Principal): LayerAccess {
    const layer = findLayer(layerId);
    const access = layer ? this.accessTo(layer, principal) : null;
    if (!access) {
      const known = this.readableLayers(principal).map((a) => a.layer.id);
      throw AppError.notFound('UNKNOWN_LAYER', `there is no layer "${layerId}"; layers: ${known.join(', ')}`, { field: 'layer' });
    }
    return access;
  }

  /** Like `readable`, but a layer the principal only reads through a share is refused. */
  writable(layerId: string, principal: Principal): LayerAccess {
    const access = this.readable(layerId, principal);
    if (access.layer !== findLayer(layerId)) {
      throw new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', `layer ${layerId} is shared with your organisation for reading only`);
    }
    return access;
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

  private accessTo(layer: LayerDefinition, principal: Principal): LayerAccess | null {
    const clearance = this.clearanceOf(principal);
    if (canSee(layer.sensitivity, clearance)) return { layer, clearance };
    const sharing = principal.sharedLayers?.[layer.id];
    if (!sharing || sharing.length === 0) return null;
    return { layer: sharedLayer(layer, sharing), clearance: layer.sensitivity };
  }
}
