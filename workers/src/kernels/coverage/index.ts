export * from './coverage.types';
export { DORI_LEVELS, DORI_PPM, effectiveRange, sceneWidthFactor } from './dori.kernel';
export { assertValidCamera, assertValidLight, bearingOf, cameraWedge, inSector, type Wedge } from './sector.kernel';
export {
  complementIntervals,
  dropShorter,
  intersectIntervals,
  INTERVAL_TOL,
  mergeFlatIntervals,
  mergeIntervals,
  totalLength,
  unionIntervals,
} from './intervals.kernel';
export { indexBuildings, pointInBuilding, type BuildingIndex } from './building-index.kernel';
export { cameraVisibility, IGNORED_NEAR_M, isPointSeen, visibleDistance, type CameraVisibility } from './visibility.kernel';
export { ringArea, visibilityPolygon } from './visibility-polygon.kernel';
export { litOnSegment, seenOnSegment } from './segment-coverage.kernel';
export { cumulativeLengths, intervalsToPolylines, pointAlong, polylineLength } from './line-cut.kernel';
export { computeLineCoverage, passSources, type SourcePass } from './line-coverage.kernel';
export { indexSegments, type SegmentIndex } from './segment-index.kernel';
