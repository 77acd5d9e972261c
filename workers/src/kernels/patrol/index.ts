export * from './patrol.types';
export { DAY_S, TOKYO_OFFSET_S, windowFractions } from './time-window.kernel';
export { selectTrackPieces, type TrackSelection } from './track-pieces.kernel';
export { capsuleRange, coveredIntervals } from './road-coverage.kernel';
export { matchPieces, type RoadVisits } from './map-match.kernel';
export { computePatrolCoverage, MIN_STREET_IN_BEAT_M } from './patrol-coverage.kernel';
export { patrolTotalsPerBeat, type BeatPatrolTotals } from './beat-patrol.kernel';
