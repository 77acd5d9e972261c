import { createHash } from 'node:crypto';
import { canonicalJson, runFingerprint } from './run-fingerprint';

describe('canonicalJson', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,1]},"b":1}');
  });

  it('drops undefined members like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined] })).toBe('{"b":null,"c":[null]}');
  });

  it('escapes keys and strings as JSON', () => {
    expect(canonicalJson({ '町"丁': 'a\nb' })).toBe('{"町\\"丁":"a\\nb"}');
  });
});

describe('runFingerprint', () => {
  const versions = { beats: 3, blocks: 1 };

  it('is the sha256 of type, canonical params and canonical input versions', () => {
    const expected = createHash('sha256').update('beat-stats\n{"ids":[1,2]}\n{"beats":3,"blocks":1}').digest('hex');
    expect(runFingerprint('beat-stats', { ids: [1, 2] }, { blocks: 1, beats: 3 })).toBe(expected);
  });

  it('does not depend on key order', () => {
    expect(runFingerprint('beat-stats', { x: 1, ids: [1] }, versions)).toBe(runFingerprint('beat-stats', { ids: [1], x: 1 }, versions));
  });

  it('changes with the type, the params or any input layer version', () => {
    const base = runFingerprint('beat-stats', { ids: [1] }, versions);
    expect(runFingerprint('beat-check', { ids: [1] }, versions)).not.toBe(base);
    expect(runFingerprint('beat-stats', { ids: [2] }, versions)).not.toBe(base);
    expect(runFingerprint('beat-stats', { ids: [1] }, { ...versions, blocks: 2 })).not.toBe(base);
  });
});
