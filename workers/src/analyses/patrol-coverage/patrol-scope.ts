import { clockSeconds } from '../../contracts';
import type { Vec } from '../../kernels/coverage/coverage.types';
import type { PatrolTrack, TimeWindow } from '../../kernels/patrol';
import type { MetricEnvelope } from './patrol.repository';

/** The time window of the params, in epoch seconds and seconds of the Tokyo day. */
export function timeWindowOf(p: { from: string; to: string; hours?: { from: string; to: string } }): TimeWindow {
  const window: TimeWindow = { fromS: Date.parse(p.from) / 1000, toS: Date.parse(p.to) / 1000 };
  if (p.hours) window.hours = { fromS: clockSeconds(p.hours.from)!, toS: clockSeconds(p.hours.to)! };
  return window;
}

class Bounds {
  xmin = Infinity;
  ymin = Infinity;
  xmax = -Infinity;
  ymax = -Infinity;

  add(x: number, y: number): void {
    if (x < this.xmin) this.xmin = x;
    if (y < this.ymin) this.ymin = y;
    if (x > this.xmax) this.xmax = x;
    if (y > this.ymax) this.ymax = y;
  }

  grown(marginM: number): MetricEnvelope | null {
    if (this.xmin === Infinity) return null;
    return { xmin: this.xmin - marginM, ymin: this.ymin - marginM, xmax: this.xmax + marginM, ymax: this.ymax + marginM };
  }
}

/** Bounding box of polygon rings grown by `marginM`; null for none. */
export function envelopeOfRings(rings: readonly Vec[][], marginM: number): MetricEnvelope | null {
  const b = new Bounds();
  for (const ring of rings) for (const [x, y] of ring) b.add(x, y);
  return b.grown(marginM);
}

export function envelopeOfTracks(tracks: readonly PatrolTrack[], marginM: number): MetricEnvelope | null {
  const b = new Bounds();
  for (const t of tracks) for (let o = 0; o + 1 < t.xyt.length; o += 3) b.add(t.xyt[o], t.xyt[o + 1]);
  return b.grown(marginM);
}
