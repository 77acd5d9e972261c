import { copyCell, copyLine, copyNumberArray, copyText } from './copy-text';

describe('COPY text format', () => {
  it('escapes the characters COPY treats specially and nothing else', () => {
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
    expect(copyText('新宿 "x", y')).toBe('新宿 "x", y');
  });

  it('writes NULL, booleans, numbers and JSON', () => {
    expect(copyCell(null)).toBe('\\N');
    expect(copyCell(undefined)).toBe('\\N');
    expect(copyCell(true)).toBe('t');
    expect(copyCell(false)).toBe('f');
    expect(copyCell(15.5)).toBe('15.5');
    expect(copyCell('\\N')).toBe('\\\\N');
    expect(copyCell({ note: 'tab\there' })).toBe('{"note":"tab\\\\there"}');
  });

  it('writes number arrays as float8[] literals, unknown times as NaN', () => {
    expect(copyNumberArray([1, NaN, 2.5])).toBe('{1,NaN,2.5}');
    expect(copyNumberArray(null)).toBe('\\N');
  });

  it('ends a row with a newline and separates cells with tabs', () => {
    expect(copyLine(['1', '\\N', 'x'])).toBe('1\t\\N\tx\n');
  });
});
