/** Past this many hundredths (or ten-thousandths) a rounded number is printed as the double it is (see ByteWriter.rounded). */
const EXACT_DIGITS_BELOW = 2 ** 50;

const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/**
 * Bytes appended to one growing buffer: binary fields and JSON text written in place. A city-wide
 * coverage run writes about a million rounded numbers; printing them as strings first (and
 * joining, then encoding the strings) was most of the time its worker spent writing.
 */
export class ByteWriter {
  private buf: Buffer;
  private o = 0;

  constructor(private readonly initialBytes = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.o;
  }

  /** What was written, and an empty writer for the next chunk (the bytes handed out are never written again). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.o);
    this.buf = Buffer.allocUnsafe(Math.max(this.initialBytes, this.o));
    this.o = 0;
    return out;
  }

  int16(v: number): void {
    this.room(2);
    this.o = this.buf.writeInt16BE(v, this.o);
  }

  int32(v: number): void {
    this.room(4);
    this.o = this.buf.writeInt32BE(v, this.o);
  }

  int64(v: number): void {
    this.room(8);
    this.o = this.buf.writeBigInt64BE(BigInt(v), this.o);
  }

  float64(v: number): void {
    this.room(8);
    this.o = this.buf.writeDoubleBE(v, this.o);
  }

  bytes(b: Uint8Array): void {
    this.room(b.byteLength);
    this.buf.set(b, this.o);
    this.o += b.byteLength;
  }

  /** Text as UTF-8. */
  text(s: string): void {
    this.room(3 * s.length);
    this.o += this.buf.write(s, this.o, 'utf8');
  }

  /** Text known to be ASCII. */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.o++] = s.charCodeAt(i);
  }

  /** One byte (an ASCII character's code). */
  byte(c: number): void {
    this.room(1);
    this.buf[this.o++] = c;
  }

  /** A few bytes prepared once (a JSON key): copied byte by byte, cheaper than a typed-array copy this short. */
  raw(b: Uint8Array): void {
    this.room(b.length);
    const buf = this.buf;
    let o = this.o;
    for (let i = 0; i < b.length; i++) buf[o++] = b[i];
    this.o = o;
  }

  /** A 4-byte length, then whatever `write` appends (COPY's binary field). */
  lengthPrefixed(write: () => void): void {
    this.room(4);
    const at = this.o;
    this.o += 4;
    write();
    this.buf.writeInt32BE(this.o - at - 4, at);
  }

  /**
   * `JSON.stringify(Math.round(x * scale) / scale)`, printed from the integer: a double below
   * 2^50 / scale has one shortest decimal form, the one with at most log10(scale) decimals
   * (checked against JSON.stringify in the unit tests). Not finite: `null`, as JSON writes it.
   */
  rounded(x: number, scale: 100 | 10000): void {
    const n = Math.round(x * scale);
    if (!(Math.abs(n) < EXACT_DIGITS_BELOW)) {
      const d = n / scale;
      this.ascii(Number.isFinite(d) ? String(d) : 'null');
      return;
    }
    this.room(24);
    const buf = this.buf;
    let a = n;
    if (a < 0) {
      buf[this.o++] = MINUS;
      a = -a;
    }
    const whole = Math.floor(a / scale);
    let frac = a - whole * scale;
    this.digits(whole);
    if (frac === 0) return;
    buf[this.o++] = DOT;
    let place = scale / 10;
    while (frac > 0) {
      const d = Math.floor(frac / place);
      buf[this.o++] = ZERO + d;
      frac -= d * place;
      place /= 10;
    }
  }

  /** An integer, as JSON writes it. */
  integer(v: number): void {
    if (!Number.isSafeInteger(v)) {
      this.ascii(Number.isFinite(v) ? String(v) : 'null');
      return;
    }
    this.room(17);
    if (v < 0) {
      this.buf[this.o++] = MINUS;
      v = -v;
    }
    this.digits(v);
  }

  /** A non-negative integer below 2^53, in decimal. */
  private digits(v: number): void {
    let count = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) count++;
    const buf = this.buf;
    let i = this.o + count;
    this.o = i;
    do {
      const q = Math.floor(v / 10);
      buf[--i] = ZERO + (v - q * 10);
      v = q;
    } while (v > 0);
  }

  private room(n: number): void {
    if (this.o + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.o + n));
    this.buf.copy(grown, 0, 0, this.o);
    this.buf = grown;
  }
}
