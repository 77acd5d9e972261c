import { mulberry32 as random } from '../kernels/siting/random-instance';
import { ByteWriter } from './byte-writer';

const printed = (x: number, scale: 100 | 10000) => {
  const out = new ByteWriter(4);
  out.rounded(x, scale);
  return out.take().toString('latin1');
};

describe('ByteWriter', () => {
  it('prints a number rounded to the centimetre or the tenth of a millimetre exactly as JSON.stringify does', () => {
    const rnd = random(5);
    const values = [0, -0, 0.004, -0.004, 0.005, -0.005, 0.01, 1, -1, 12.3, 100.1, 99.995, 123456789.125, 2 ** 45, -(2 ** 47) - 0.5, 1e15, 1e21, 1e-7];
    // Around 2^31 hundredths and ten-thousandths.
    values.push(21474836.47, 21474836.48, -21474836.48, 21474836.475, 214748.3647, 214748.3648, -214748.3649);
    for (let i = 0; i < 20000; i++) values.push((rnd() - 0.5) * 10 ** Math.floor(rnd() * 12));
    const differ: [number, number, string][] = [];
    for (const x of values) {
      for (const scale of [100, 10000] as const) {
        const ours = printed(x, scale);
        if (ours !== JSON.stringify(Math.round(x * scale) / scale)) differ.push([x, scale, ours]);
      }
    }
    expect(differ).toEqual([]);
  });

  it('prints what JSON cannot hold as null', () => {
    for (const x of [NaN, Infinity, -Infinity]) expect(printed(x, 100)).toBe('null');
  });

  it('grows as needed, fills in lengths, and hands out each chunk once', () => {
    const out = new ByteWriter(8);
    out.lengthPrefixed(() => out.text('大久保通り "x"'));
    out.int16(-2);
    out.float64(1.5);
    out.int64(2 ** 40 + 1);
    out.bytes(Uint8Array.from([1, 2, 3]));
    const first = out.take();
    const text = Buffer.from('大久保通り "x"');
    expect(first.readInt32BE(0)).toBe(text.length);
    expect(first.subarray(4, 4 + text.length).equals(text)).toBe(true);
    let o = 4 + text.length;
    expect(first.readInt16BE(o)).toBe(-2);
    expect(first.readDoubleBE(o + 2)).toBe(1.5);
    expect(first.readBigInt64BE(o + 10)).toBe(BigInt(2 ** 40 + 1));
    expect([...first.subarray(o + 18)]).toEqual([1, 2, 3]);
    o = first.length;
    out.ascii('ok');
    expect(out.take().toString()).toBe('ok');
    expect(first.length).toBe(o);
  });
});
