import { canSee, findLayer, LAYERS, LayerDefinition, Sensitivity } from '@mimamori/db';
import type { Principal } from '../auth/auth.types';
import { AppError } from '../common/app-error';

/**
 * Which layers and properties a principal may read, for tiles and OGC. Police-sensitivity
 * layers are absent (404, like an unknown id) below police clearance, so their existence
 * does not leak. Mirrors the layers module's access rule until both share one service.
 */
export interface ReadableLayer {
  layer: LayerDefinition;
  clearance: Sensitivity;
}

export function clearanceOf(principal: Principal): Sensitivity {
  return principal.role === 'police' || principal.role === 'admin' ? 'police' : 'internal';
}

export function readableLayers(principal: Principal): LayerDefinition[] {
  const clearance = clearanceOf(principal);
  return LAYERS.filter((layer) => canSee(layer.sensitivity, clearance));
}

export function readableLayer(id: string, principal: Principal): ReadableLayer {
  const clearance = clearanceOf(principal);
  const layer = findLayer(id);
  if (!layer || !canSee(layer.sensitivity, clearance)) {
    const known = readableLayers(principal).map((l) => l.id);
    throw AppError.notFound('UNKNOWN_LAYER', `unknown layer "${id}" (layers: ${known.join(', ')})`);
  }
  return { layer, clearance };
}
