import { normaliseEncoding, isUtf8 } from '../text-encoding';

/** GDAL's names for the encodings a DBF may be in. */
const GDAL_NAMES: Record<string, string> = { utf8: 'UTF-8', cp932: 'CP932', eucjp: 'EUC-JP', latin1: 'ISO-8859-1' };

/** Records inspected to decide; enough for any real file, bounded for huge ones. */
const SNIFF_BYTES = 16 * 1024 * 1024;

export interface DbfEncoding {
  /** For GDAL's ENCODING open option. */
  encoding: string;
  how: string;
}

/**
 * The text encoding of a Shapefile's attributes: the .cpg when there is one, else the text
 * fields decide — valid UTF-8 stays UTF-8, anything else is CP932 (Shift_JIS), which is what
 * e-Stat and Japanese GIS software write without saying so.
 */
export function dbfEncoding(dbf: Buffer, cpg: string | null): DbfEncoding {
  const declared = cpg ? normaliseEncoding(cpg.replace(/^ANSI\s+/i, '')) : null;
  if (declared && GDAL_NAMES[declared]) return { encoding: GDAL_NAMES[declared], how: `declared in the .cpg (${cpg!.trim()})` };
  const fields = textFields(dbf);
  let nonAscii = false;
  for (const field of fields) {
    if (!isUtf8(field)) return { encoding: 'CP932', how: 'detected: the attributes are not valid UTF-8' };
    if (field.some((b) => b >= 0x80)) nonAscii = true;
  }
  return { encoding: 'UTF-8', how: nonAscii ? 'detected: the attributes are valid UTF-8' : 'detected: the attributes are plain ASCII' };
}

/** The bytes of every character field of every record (dBASE III layout). */
export function textFields(dbf: Buffer): Buffer[] {
  if (dbf.length < 32) return [];
  const records = dbf.readUInt32LE(4);
  const headerLength = dbf.readUInt16LE(8);
  const recordLength = dbf.readUInt16LE(10);
  const fields: { offset: number; length: number }[] = [];
  let offset = 1;
  for (let at = 32; at + 32 <= headerLength && dbf[at] !== 0x0d; at += 32) {
    const length = dbf[at + 16];
    if (String.fromCharCode(dbf[at + 11]) === 'C') fields.push({ offset, length });
    offset += length;
  }
  const out: Buffer[] = [];
  const end = Math.min(dbf.length, headerLength + SNIFF_BYTES);
  for (let r = 0; r < records; r++) {
    const start = headerLength + r * recordLength;
    if (start + recordLength > end) break;
    for (const f of fields) out.push(dbf.subarray(start + f.offset, start + f.offset + f.length));
  }
  return out;
}
