import type { Building, Camera, CoverageLine, Interval, Light, Vec } from './coverage.types';
import { totalLength } from './intervals.kernel';
import { computeLineCoverage } from './line-coverage.kernel';

/**
 * Random small scenes: the analytic intervals must agree with an independent brute-force
 * oracle evaluated every 0.05 m along each line (sector test by bearings, and a sight line
 * blocked when one of its pieces between edge crossings, past the first metre, lies inside a
 * building by winding number).
 */
const STEP = 0.05;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Scene {
  cameras: Camera[];
  lights: Light[];
  buildings: Building[];
  lines: CoverageLine[];
}

function randomScene(rnd: () => number): Scene {
  const between = (lo: number, hi: number): number => lo + (hi - lo) * rnd();
  const spot = (): Vec => [between(0, 60), between(0, 60)];
  const buildings: Building[] = Array.from({ length: 1 + Math.floor(rnd() * 6) }, (_, id) => {
    const [cx, cy] = spot();
    const [w, h, turn] = [between(2, 12), between(2, 12), between(0, Math.PI)];
    const rect = (scale: number): Vec[] => {
      const pts: Vec[] = [[-w, -h], [w, -h], [w, h], [-w, h]].map(([x, y]) => {
        const [sx, sy] = [(x * scale) / 2, (y * scale) / 2];
        return [cx + sx * Math.cos(turn) - sy * Math.sin(turn), cy + sx * Math.sin(turn) + sy * Math.cos(turn)];
      });
      return rnd() < 0.5 ? pts.reverse() : pts;
    };
    return { id, rings: rnd() < 0.25 ? [rect(1), rect(0.4)] : [rect(1)] };
  });
  const cameras: Camera[] = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, id) => {
    const onWall = rnd() < 0.3;
    const ring = buildings[Math.floor(rnd() * buildings.length)].rings[0];
    const t = rnd();
    const [x, y]: Vec = onWall ? [ring[0][0] + t * (ring[1][0] - ring[0][0]), ring[0][1] + t * (ring[1][1] - ring[0][1])] : spot();
    const hfovDeg = [between(10, 180), between(180, 359), 360][Math.floor(rnd() * 3)];
    return { id, x, y, bearingDeg: between(0, 360), hfovDeg, rangeM: between(8, 40), nightCapable: rnd() < 0.4 };
  });
  const lights: Light[] = Array.from({ length: Math.floor(rnd() * 4) }, (_, id) => ({ id, x: between(0, 60), y: between(0, 60), radiusM: between(3, 12) }));
  const lines: CoverageLine[] = Array.from({ length: 2 }, (_, id) => {
    const coords = Array.from({ length: 2 + Math.floor(rnd() * 3) }, spot);
    if (rnd() < 0.2) coords.splice(1, 0, [cameras[0].x, cameras[0].y]);
    return { id, coords };
  });
  return { cameras, lights, buildings, lines };
}

function winding(ring: readonly Vec[], [px, py]: Vec): number {
  let w = 0;
  for (let i = 0; i < ring.length; i++) {
    const [ax, ay] = ring[i];
    const [bx, by] = ring[(i + 1) % ring.length];
    const side = (bx - ax) * (py - ay) - (px - ax) * (by - ay);
    if (ay <= py && by > py && side > 0) w++;
    else if (ay > py && by <= py && side < 0) w--;
  }
  return w;
}

const inside = (b: Building, p: Vec): boolean => winding(b.rings[0], p) !== 0 && b.rings.slice(1).every((h) => winding(h, p) === 0);

function sightBlocked(from: Vec, to: Vec, buildings: readonly Building[]): boolean {
  const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
  const ts = [0, 1];
  for (const b of buildings) {
    for (const ring of b.rings) {
      for (let i = 0; i < ring.length; i++) {
        const [ax, ay] = ring[i];
        const [ex, ey] = [ring[(i + 1) % ring.length][0] - ax, ring[(i + 1) % ring.length][1] - ay];
        const den = dx * ey - dy * ex;
        if (den === 0) continue;
        const t = ((ax - from[0]) * ey - (ay - from[1]) * ex) / den;
        const u = ((ax - from[0]) * dy - (ay - from[1]) * dx) / den;
        if (t > 0 && t < 1 && u >= 0 && u <= 1) ts.push(t);
      }
    }
  }
  ts.sort((a, b) => a - b);
  for (let i = 0; i + 1 < ts.length; i++) {
    const t = (ts[i] + ts[i + 1]) / 2;
    const mid: Vec = [from[0] + t * dx, from[1] + t * dy];
    if (ts[i + 1] - ts[i] > 1e-12 && buildings.some((b) => inside(b, mid))) return true;
  }
  return false;
}

function oracleSees(cam: Camera, p: Vec, buildings: readonly Building[]): boolean {
  const [dx, dy] = [p[0] - cam.x, p[1] - cam.y];
  const d = Math.hypot(dx, dy);
  if (d > cam.rangeM) return false;
  const bearing = (Math.atan2(dx, dy) * 180) / Math.PI;
  const off = ((((bearing - cam.bearingDeg) % 360) + 540) % 360) - 180;
  if (cam.hfovDeg < 360 && Math.abs(off) > cam.hfovDeg / 2) return false;
  return d <= 1 || !sightBlocked([cam.x + dx / d, cam.y + dy / d], p, buildings);
}

/** Sample midpoints every ~0.05 m along the line with their distance along it. */
function samples(coords: readonly Vec[]): { m: number; p: Vec; w: number }[] {
  const out: { m: number; p: Vec; w: number }[] = [];
  let along = 0;
  for (let i = 0; i + 1 < coords.length; i++) {
    const [a, b] = [coords[i], coords[i + 1]];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const n = Math.max(1, Math.ceil(len / STEP));
    for (let k = 0; k < n; k++) {
      const t = (k + 0.5) / n;
      out.push({ m: along + t * len, p: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], w: len / n });
    }
    along += len;
  }
  return out;
}

const within = (ivs: readonly Interval[], m: number): boolean => ivs.some(([s, e]) => s <= m && m <= e);
const nearBoundary = (ivs: readonly Interval[], m: number): boolean => ivs.some(([s, e]) => Math.abs(s - m) < 1e-6 || Math.abs(e - m) < 1e-6);

describe('analytic coverage against dense sampling (seeded random scenes)', () => {
  const rnd = mulberry32(20240611);
  const scenes = Array.from({ length: 80 }, () => randomScene(rnd));

  it.each([false, true])('night %p: lengths agree within 0.1 m and every sample is classified alike', (night) => {
    let checkedSeen = 0;
    scenes.forEach((scene, sceneNo) => {
      const result = computeLineCoverage(scene.lines, scene.cameras, scene.lights, scene.buildings, { night });
      scene.lines.forEach((line, i) => {
        const r = result.lines[i];
        const sampled = { seen: 0, lit: 0, either: 0 };
        for (const { m, p, w } of samples(line.coords)) {
          const lit = scene.lights.some((l) => Math.hypot(p[0] - l.x, p[1] - l.y) <= l.radiusM);
          const seen = scene.cameras.some((c) => (!night || c.nightCapable || lit) && oracleSees(c, p, scene.buildings));
          // A sample may disagree only where the analytic intervals start or end.
          if (seen !== within(r.seen, m)) expect({ sceneNo, line: line.id, m, seen, onBoundary: nearBoundary(r.seen, m) }).toMatchObject({ onBoundary: true });
          if (lit !== within(r.lit, m)) expect({ sceneNo, line: line.id, m, lit, onBoundary: nearBoundary(r.lit, m) }).toMatchObject({ onBoundary: true });
          sampled.seen += seen ? w : 0;
          sampled.lit += lit ? w : 0;
          sampled.either += seen || lit ? w : 0;
        }
        expect(Math.abs(totalLength(r.seen) - sampled.seen)).toBeLessThanOrEqual(0.1);
        expect(Math.abs(totalLength(r.lit) - sampled.lit)).toBeLessThanOrEqual(0.1);
        expect(Math.abs(r.seenOrLitM - sampled.either)).toBeLessThanOrEqual(0.1);
        checkedSeen += r.seenM;
      });
    });
    // The scenes exercise real coverage, not empty results.
    expect(checkedSeen).toBeGreaterThan(500);
  });
});
