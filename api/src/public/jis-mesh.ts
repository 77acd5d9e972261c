/**
 * JIS X 0410 地域メッシュ, down to the half mesh (2分の1地域メッシュ, ~500 m): 1st order
 * 40′ × 1°, 2nd 5′ × 7.5′, 3rd 30″ × 45″, half 15″ × 22.5″. A half-mesh cell is addressed here
 * by its integer row and column on the global grid: row = floor(lat × 240), col = floor(lon × 160).
 */
export const HALF_MESH_ROWS_PER_DEGREE = 240;
export const HALF_MESH_COLS_PER_DEGREE = 160;

export interface MeshCell {
  row: number;
  col: number;
}

export function halfMeshCellOf(lon: number, lat: number): MeshCell {
  return { row: Math.floor(lat * HALF_MESH_ROWS_PER_DEGREE), col: Math.floor(lon * HALF_MESH_COLS_PER_DEGREE) };
}

/**
 * The 9-digit code: 1st order pp uu, 2nd q v, 3rd r w, then the quarter 1 (SW), 2 (SE),
 * 3 (NW), 4 (NE).
 */
export function halfMeshCode({ row, col }: MeshCell): string {
  const p = Math.floor(row / 160);
  const q = Math.floor((row % 160) / 20);
  const r = Math.floor((row % 20) / 2);
  const s = row % 2;
  const u = Math.floor(col / 160) - 100;
  const v = Math.floor((col % 160) / 20);
  const w = Math.floor((col % 20) / 2);
  const x = col % 2;
  if (p < 10 || p > 99 || u < 0 || u > 99) throw new RangeError(`cell ${row}/${col} lies outside the JIS X 0410 mesh`);
  return `${p}${String(u).padStart(2, '0')}${q}${v}${r}${w}${s * 2 + x + 1}`;
}

/** [west, south, east, north] of a cell in degrees. */
export function halfMeshBounds({ row, col }: MeshCell): [number, number, number, number] {
  return [col / HALF_MESH_COLS_PER_DEGREE, row / HALF_MESH_ROWS_PER_DEGREE, (col + 1) / HALF_MESH_COLS_PER_DEGREE, (row + 1) / HALF_MESH_ROWS_PER_DEGREE];
}

/** The cells covering a bbox: inclusive row and column ranges. */
export function halfMeshRange(bbox: readonly [number, number, number, number]): { rows: [number, number]; cols: [number, number] } {
  const [w, s, e, n] = bbox;
  const sw = halfMeshCellOf(w, s);
  const ne = halfMeshCellOf(e, n);
  return { rows: [sw.row, ne.row], cols: [sw.col, ne.col] };
}
