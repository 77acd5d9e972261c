export { edgeContacts, indexPolygons, polygonsAt, type IndexedPolygonInput, type PolygonIndex } from './polygon-index.kernel';
export { addTotals, clipPolyline, totalsInPolygons, type PieceVisitor, type PolygonTotals } from './line-clip.kernel';
export { balanceIndex, beatWorkload, type BalanceIndex, type BeatWorkload, type WorkloadOptions } from './workload.kernel';
