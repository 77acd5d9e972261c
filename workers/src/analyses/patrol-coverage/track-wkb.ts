/** ISO and EWKB type codes of LineString M, the only geometry patrol tracks store. */
const LINESTRING_M = new Set([2002, 0x40000002]);

/**
 * x, y, m triples of a LineString M in WKB, as PostGIS's ST_AsBinary writes it. Binary keeps the
 * M values (GeoJSON would drop them) and costs no text parsing.
 */
export function lineStringMFromWkb(wkb: Buffer): Float64Array {
  const little = wkb.readUInt8(0) === 1;
  const type = little ? wkb.readUInt32LE(1) : wkb.readUInt32BE(1);
  if (!LINESTRING_M.has(type)) throw new Error(`expected a LineString M in WKB, got type ${type}`);
  const n = little ? wkb.readUInt32LE(5) : wkb.readUInt32BE(5);
  if (wkb.length < 9 + n * 24) throw new Error(`WKB of ${wkb.length} bytes is too short for ${n} points`);
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n * 3; i++) out[i] = little ? wkb.readDoubleLE(9 + i * 8) : wkb.readDoubleBE(9 + i * 8);
  return out;
}
