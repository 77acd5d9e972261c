/**
 * A local metric plane around an origin, for the browser's what-if and drawing: x east and y
 * north in metres, from the GRS80 ellipsoid's radii of curvature at the origin's latitude (the
 * ellipsoid of JGD2011). Within a few kilometres it agrees with the JGD2011 plane-rectangular
 * zones the workers use to about 0.1 %, which is far below what a camera's range is known to.
 */
const A = 6378137;
const E2 = 0.00669438002290;
const RAD = Math.PI / 180;

export type LonLat = readonly [lon: number, lat: number];
export type Metres = [x: number, y: number];

export interface LocalPlane {
  readonly origin: LonLat;
  toMetres(lonLat: LonLat): Metres;
  toLonLat(xy: readonly [number, number]): [number, number];
}

export function localPlane(origin: LonLat): LocalPlane {
  const phi = origin[1] * RAD;
  const w = 1 - E2 * Math.sin(phi) ** 2;
  /** Metres per radian of latitude (meridian) and of longitude (parallel) at the origin. */
  const meridional = (A * (1 - E2)) / w ** 1.5;
  const parallel = (A / Math.sqrt(w)) * Math.cos(phi);
  return {
    origin,
    toMetres: ([lon, lat]) => [(lon - origin[0]) * RAD * parallel, (lat - origin[1]) * RAD * meridional],
    toLonLat: ([x, y]) => [origin[0] + x / parallel / RAD, origin[1] + y / meridional / RAD],
  };
}

/** Degrees clockwise from north of the direction from `from` to `to` (plane coordinates). */
export function bearingDeg(from: readonly [number, number], to: readonly [number, number]): number {
  const deg = (Math.atan2(to[0] - from[0], to[1] - from[1]) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg;
}

/** The point `distance` metres from `from` towards `bearing` (degrees clockwise from north). */
export function offsetPoint(from: readonly [number, number], bearing: number, distance: number): Metres {
  const b = bearing * RAD;
  return [from[0] + distance * Math.sin(b), from[1] + distance * Math.cos(b)];
}

/** Bearing normalised to [0, 360). */
export function normaliseBearing(deg: number): number {
  const r = deg % 360;
  return r < 0 ? r + 360 : r;
}
