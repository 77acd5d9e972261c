import type { CoverageLine, Vec } from '../../kernels';

/** One kernel line per part; ids `<target>:<part>` map results back to their target. */
export function kernelLines(targets: { id: number; parts: Vec[][] }[]): CoverageLine[] {
  return targets.flatMap((t) => t.parts.map((coords, i) => ({ id: `${t.id}:${i}`, coords })));
}

export interface MetricEnvelope {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

export function envelopeOf(partsList: Vec[][][], marginM: number): MetricEnvelope | null {
  let xmin = Infinity;
  let ymin = Infinity;
  let xmax = -Infinity;
  let ymax = -Infinity;
  for (let i = 0; i < partsList.length; i++) {
    const parts = partsList[i];
    for (let j = 0; j < parts.length; j++) {
      const part = parts[j];
      for (let k = 0; k < part.length; k++) {
        const x = part[k][0];
        const y = part[k][1];
        if (x < xmin) xmin = x;
        if (y < ymin) ymin = y;
        if (x > xmax) xmax = x;
        if (y > ymax) ymax = y;
      }
    }
  }
  if (xmin === Infinity) return null;
  return { xmin: xmin - marginM, ymin: ymin - marginM, xmax: xmax + marginM, ymax: ymax + marginM };
}

export function polygonJson(ring: Vec[]): string {
  const closed = ring.length > 0 && (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1]) ? [...ring, ring[0]] : ring;
  return JSON.stringify({ type: 'Polygon', coordinates: [closed] });
}
