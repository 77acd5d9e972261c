/**
 * A coarse grid marking the cells polygon edges pass through (and their neighbours). A segment
 * whose bounding box covers only unmarked cells cannot touch an edge: most track segments lie
 * well inside a beat, and this answers for them without a tree search.
 */
export interface EdgeGrid {
  x0: number;
  y0: number;
  cell: number;
  cols: number;
  rows: number;
  marked: Uint8Array;
}

const MIN_CELL_M = 25;
const MAX_CELLS = 4_000_000;
/** A segment covering more cells than this goes to the tree instead. */
const MAX_CELLS_CHECKED = 64;

export function buildEdgeGrid(edges: Float64Array, count: number): EdgeGrid | null {
  if (count === 0) return null;
  let xmin = Infinity;
  let ymin = Infinity;
  let xmax = -Infinity;
  let ymax = -Infinity;
  for (let i = 0; i < count * 4; i += 2) {
    xmin = Math.min(xmin, edges[i]);
    xmax = Math.max(xmax, edges[i]);
    ymin = Math.min(ymin, edges[i + 1]);
    ymax = Math.max(ymax, edges[i + 1]);
  }
  const cell = Math.max(MIN_CELL_M, Math.sqrt(((xmax - xmin) * (ymax - ymin)) / MAX_CELLS));
  const cols = Math.floor((xmax - xmin) / cell) + 1;
  const rows = Math.floor((ymax - ymin) / cell) + 1;
  const grid: EdgeGrid = { x0: xmin, y0: ymin, cell, cols, rows, marked: new Uint8Array(cols * rows) };
  for (let e = 0; e < count; e++) {
    const o = e * 4;
    const dx = edges[o + 2] - edges[o];
    const dy = edges[o + 3] - edges[o + 1];
    // Samples every half cell: every point of the edge is within a quarter cell of one, so in its cell or a neighbour.
    const samples = Math.ceil(Math.hypot(dx, dy) / (cell / 2));
    for (let s = 0; s <= samples; s++) markAround(grid, edges[o] + (s / samples) * dx, edges[o + 1] + (s / samples) * dy);
  }
  return grid;
}

function markAround(g: EdgeGrid, x: number, y: number): void {
  const cx = Math.floor((x - g.x0) / g.cell);
  const cy = Math.floor((y - g.y0) / g.cell);
  for (let j = Math.max(0, cy - 1); j <= Math.min(g.rows - 1, cy + 1); j++) {
    for (let i = Math.max(0, cx - 1); i <= Math.min(g.cols - 1, cx + 1); i++) g.marked[j * g.cols + i] = 1;
  }
}

/** True when no edge can touch segment a→b (false means: ask the tree). */
export function segmentClear(g: EdgeGrid, ax: number, ay: number, bx: number, by: number): boolean {
  const i0 = Math.max(0, Math.floor((Math.min(ax, bx) - g.x0) / g.cell));
  const i1 = Math.min(g.cols - 1, Math.floor((Math.max(ax, bx) - g.x0) / g.cell));
  const j0 = Math.max(0, Math.floor((Math.min(ay, by) - g.y0) / g.cell));
  const j1 = Math.min(g.rows - 1, Math.floor((Math.max(ay, by) - g.y0) / g.cell));
  if (i1 < i0 || j1 < j0) return true;
  if ((i1 - i0 + 1) * (j1 - j0 + 1) > MAX_CELLS_CHECKED) return false;
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) if (g.marked[j * g.cols + i] !== 0) return false;
  }
  return true;
}
