import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';

/** Encodings a client may declare (iconv-lite names), by the spellings people use. */
const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'utf8',
  utf8: 'utf8',
  'utf-8-bom': 'utf8',
  'utf-8-sig': 'utf8',
  'utf-16': 'utf16le',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  cp932: 'cp932',
  'windows-31j': 'cp932',
  ms932: 'cp932',
  '932': 'cp932',
  'euc-jp': 'eucjp',
  eucjp: 'eucjp',
  'iso-2022-jp': 'iso2022jp',
  latin1: 'latin1',
  'iso-8859-1': 'latin1',
};

export const SUPPORTED_ENCODINGS = ['utf-8', 'shift_jis (cp932)', 'euc-jp', 'utf-16le', 'utf-16be'];

/** The iconv-lite name of an encoding label, or null when it is not one we read. */
export function normaliseEncoding(label: string): string | null {
  const name = ENCODING_NAMES[label.trim().toLowerCase()];
  return name && iconv.encodingExists(name) ? name : null;
}

/** What a person calls the encoding in a report. */
export function encodingLabel(name: string): string {
  switch (name) {
    case 'utf8':
      return 'UTF-8';
    case 'cp932':
      return 'Shift_JIS (CP932)';
    case 'eucjp':
      return 'EUC-JP';
    case 'utf16le':
      return 'UTF-16LE';
    case 'utf16be':
      return 'UTF-16BE';
    default:
      return name;
  }
}

export interface DetectedEncoding {
  encoding: string;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
  how: 'declared' | 'bom' | 'detected';
}

/**
 * The text encoding of a file: a declared one wins, then a byte-order mark, then strict UTF-8
 * (the whole file decodes without error) and otherwise CP932, the superset of Shift_JIS that
 * Japanese Excel and municipal systems write.
 */
export async function detectFileEncoding(path: string, declared: string | null): Promise<DetectedEncoding> {
  const head = await readHead(path, 4);
  const bom = bomOf(head);
  if (declared) return { encoding: declared, bomLength: bom && bom.encoding === declared ? bom.length : 0, how: 'declared' };
  if (bom) return { encoding: bom.encoding, bomLength: bom.length, how: 'bom' };
  return { encoding: (await isUtf8File(path)) ? 'utf8' : 'cp932', bomLength: 0, how: 'detected' };
}

function bomOf(head: Buffer): { encoding: string; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', length: 2 };
  return null;
}

async function isUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/** Whether bytes are valid UTF-8; unless `complete`, a chunk cut inside a character counts as valid. */
export function isUtf8(bytes: Uint8Array, complete = false): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

export async function readHead(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** A file's text as a stream of decoded strings, without its byte-order mark, and how far it has been read. */
export function decodedStream(path: string, encoding: DetectedEncoding): { text: NodeJS.ReadableStream; bytesRead: () => number } {
  const file = createReadStream(path, { start: encoding.bomLength, highWaterMark: 1 << 16 });
  return { text: file.pipe(iconv.decodeStream(encoding.encoding)), bytesRead: () => encoding.bomLength + file.bytesRead };
}
