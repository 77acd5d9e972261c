import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import { invalidFile } from '../import-errors';
import { normaliseEncoding, readHead } from '../text-encoding';

export interface XmlTag {
  /** Without its namespace prefix: "Placemark", "trkpt", "posList". */
  name: string;
  attributes: Record<string, string>;
  line: number;
}

/** Receives parse events and hands out the records completed so far. */
export interface XmlSink<T> {
  open(tag: XmlTag): void;
  close(name: string, line: number): void;
  text(text: string): void;
  take(): T[];
}

/**
 * Streams an XML file through a SAX parser (strict XML: a broken file stops with the line,
 * column and the element it broke in). Namespace prefixes are dropped from element names, so
 * a file that forgets to declare `gx:` still reads. The XML declaration's encoding is honoured
 * (Shift_JIS KML exists).
 */
export async function* readXml<T>(path: string, formatLabel: string, sink: XmlSink<T>): AsyncIterable<T> {
  const parser = new SaxesParser({ position: true });
  const open: { name: string; line: number }[] = [];
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    open.push({ name: tag.name, line: parser.line });
    sink.open({ name, attributes: tag.attributes as Record<string, string>, line: parser.line });
    if (tag.isSelfClosing) {
      open.pop();
      sink.close(name, parser.line);
    }
  });
  // saxes closes the elements a stray end tag skips before it reports the error: remember the
  // last one closed, so that the error names the element that was really left open.
  let lastClosed: { name: string; line: number; at: string } | null = null;
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return;
    const element = open.pop();
    if (element) lastClosed = { ...element, at: `${parser.line}:${parser.column}` };
    sink.close(localName(tag.name), parser.line);
  });
  parser.on('text', (text) => sink.text(text));
  parser.on('cdata', (text) => sink.text(text));
  parser.on('error', (err) => {
    const m = /^(\d+):(\d+): (.*)$/s.exec(err.message);
    const [line, column, reason] = m ? [Number(m[1]), Number(m[2]), m[3]] : [parser.line, parser.column, err.message];
    const broken = lastClosed?.at === `${parser.line}:${parser.column}` ? lastClosed : open[open.length - 1];
    const inside = broken ? ` (inside <${broken.name}> opened at line ${broken.line})` : '';
    throw invalidFile(`the ${formatLabel} file is not well-formed XML: line ${line}, column ${column}: ${reason.replace(/\.$/, '')}${inside}`, {
      line,
      column,
      element: broken?.name ?? null,
    });
  });
  const encoding = declaredEncoding((await readHead(path, 512)).toString('latin1'));
  const input = createReadStream(path, { highWaterMark: 1 << 16 });
  const chunks: AsyncIterable<string | Buffer> = encoding === 'utf8' ? input.setEncoding('utf8') : input.pipe(iconv.decodeStream(encoding));
  for await (const chunk of chunks) {
    parser.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    yield* sink.take();
  }
  parser.close();
  yield* sink.take();
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function declaredEncoding(head: string): string {
  const m = /^\uFEFF?<\?xml[^>]*encoding=["']([^"']+)["']/.exec(head.replace(/^\u00ef\u00bb\u00bf/, ''));
  return (m && normaliseEncoding(m[1])) || 'utf8';
}

/** Splits "a b  c" into numbers; null when any part is not a number. */
export function numbersOf(text: string): number[] | null {
  const parts = text.trim().split(/[\s,]+/).filter((p) => p !== '');
  const out = parts.map(Number);
  return out.some((n) => !Number.isFinite(n)) ? null : out;
}
