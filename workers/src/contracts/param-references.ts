import type { AnalysisType } from './index';
import type { CoverageParams } from './coverage-params';

/** Features a run's params name; the API answers 400 before queueing when one does not exist. */
export interface ParamReference {
  field: string;
  layer: string;
  ids: number[];
}

const REFERENCES: Partial<Record<AnalysisType, (params: unknown) => ParamReference[]>> = {
  coverage: (params) => {
    const p = params as CoverageParams;
    const refs: ParamReference[] = [];
    if (p.ids) refs.push({ field: 'ids', layer: p.targets, ids: p.ids });
    if (p.area && 'layer' in p.area) refs.push({ field: 'area', layer: p.area.layer, ids: [p.area.id] });
    return refs;
  },
  siting: (params) => {
    const p = params as { targets?: string; ids?: number[] };
    return p.ids && p.targets ? [{ field: 'ids', layer: p.targets, ids: p.ids }] : [];
  },
  'beat-stats': (params) => {
    const ids = (params as { ids?: number[] }).ids;
    return ids ? [{ field: 'ids', layer: 'beats', ids }] : [];
  },
  'route-audit': (params) => {
    const ids = (params as { ids?: number[] }).ids;
    return ids ? [{ field: 'ids', layer: 'school-routes', ids }] : [];
  },
  'beat-check': (params) => {
    const p = params as { jurisdiction?: { id: number }; blocks?: number[]; ids?: number[] };
    const refs: ParamReference[] = [];
    if (p.jurisdiction) refs.push({ field: 'jurisdiction', layer: 'areas', ids: [p.jurisdiction.id] });
    if (p.blocks) refs.push({ field: 'blocks', layer: 'blocks', ids: p.blocks });
    if (p.ids) refs.push({ field: 'ids', layer: 'beats', ids: p.ids });
    return refs;
  },
  'patrol-coverage': (params) => {
    const beats = (params as { beats?: number[] }).beats;
    return beats ? [{ field: 'beats', layer: 'beats', ids: beats }] : [];
  },
};

export function paramReferences(type: AnalysisType, params: unknown): ParamReference[] {
  return REFERENCES[type]?.(params) ?? [];
}

/** Property values a run's params name (a school by name); the API answers 400 when no live feature has one. */
export interface ParamValueReference {
  field: string;
  layer: string;
  property: string;
  values: string[];
}

const VALUE_REFERENCES: Partial<Record<AnalysisType, (params: unknown) => ParamValueReference[]>> = {
  'route-audit': (params) => {
    const school = (params as { school?: string }).school;
    return school ? [{ field: 'school', layer: 'school-routes', property: 'school', values: [school] }] : [];
  },
};

export function paramValueReferences(type: AnalysisType, params: unknown): ParamValueReference[] {
  return VALUE_REFERENCES[type]?.(params) ?? [];
}
