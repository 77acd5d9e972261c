import { matchesETag, tileETag } from './tile-etag';

describe('tile ETags', () => {
  const etag = tileETag('roads', '7', 'internal', '15/29102/12901');

  it('is a quoted strong tag that changes with any input', () => {
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(tileETag('roads', '7', 'internal', '15/29102/12901')).toBe(etag);
    expect(tileETag('roads', '8', 'internal', '15/29102/12901')).not.toBe(etag);
    expect(tileETag('roads', '7', 'police', '15/29102/12901')).not.toBe(etag);
    expect(tileETag('roads', '7', 'internal', '15/29102/12902')).not.toBe(etag);
  });

  it('matches If-None-Match exactly, in lists, weak, or as *', () => {
    expect(matchesETag(etag, etag)).toBe(true);
    expect(matchesETag(`"other", ${etag}`, etag)).toBe(true);
    expect(matchesETag(`W/${etag}`, etag)).toBe(true);
    expect(matchesETag('*', etag)).toBe(true);
    expect(matchesETag('"other"', etag)).toBe(false);
    expect(matchesETag(undefined, etag)).toBe(false);
    expect(matchesETag('', etag)).toBe(false);
  });
});
