import type { CoverageLine } from '../../kernels';
import { lineParts } from '../shared/metric-geometry';
import type { Envelope } from './siting.repository';

/** One kernel line per part of each row, keeping the row's id. */
export function linesOf(rows: readonly { id: number; wkb: Uint8Array }[]): CoverageLine[] {
  return rows.flatMap((r) => lineParts(r.wkb).map((coords) => ({ id: r.id, coords })));
}

export function boundsOf(lines: readonly CoverageLine[]): Envelope {
  const env = { xmin: Infinity, ymin: Infinity, xmax: -Infinity, ymax: -Infinity };
  for (const line of lines) {
    for (const [x, y] of line.coords) {
      env.xmin = Math.min(env.xmin, x);
      env.ymin = Math.min(env.ymin, y);
      env.xmax = Math.max(env.xmax, x);
      env.ymax = Math.max(env.ymax, y);
    }
  }
  return env;
}
