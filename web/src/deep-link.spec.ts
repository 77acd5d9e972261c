import { hiddenByLink, readLinkState, withLinkState } from './deep-link';

const RUN = '4f69f814-0856-48ad-9d3c-7c9dbc3f2ec6';

describe('deep links: visible layers and the shown run in the address', () => {
  it('reads the layers that are on and the run, ignoring unknown layer ids and malformed run ids', () => {
    expect(readLinkState(`?layers=cameras,roads,secret&run=${RUN}`)).toEqual({ layers: ['cameras', 'roads'], run: RUN });
    expect(readLinkState('?run=1;drop')).toEqual({ layers: null, run: null });
    expect(readLinkState('')).toEqual({ layers: null, run: null });
  });

  it('hides every known layer a link leaves out, and none when it does not say', () => {
    expect(hiddenByLink({ layers: ['cameras', 'roads', 'buildings', 'blocks', 'areas', 'beats', 'facilities', 'streetlights'], run: null })).toEqual(['school-routes', 'patrol-tracks']);
    expect(hiddenByLink({ layers: null, run: null })).toEqual([]);
  });

  it('writes the state into the query, keeping the map view in the hash', () => {
    const href = withLinkState('http://localhost:3000/?lang=ja#15/35.705/139.712', { layers: ['cameras', 'roads'], run: RUN });
    expect(href).toBe(`http://localhost:3000/?lang=ja&layers=cameras,roads&run=${RUN}#15/35.705/139.712`);
    expect(withLinkState(href, { layers: null, run: null })).toBe('http://localhost:3000/?lang=ja#15/35.705/139.712');
  });

  it('round-trips: what is written is read back', () => {
    const state = { layers: ['school-routes', 'cameras'], run: RUN };
    expect(readLinkState(new URL(withLinkState('http://x/', state)).search)).toEqual(state);
  });
});
