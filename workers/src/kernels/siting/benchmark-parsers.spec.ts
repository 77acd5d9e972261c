import { csvRecords, parseOrLibraryScp, parseSpoptSanFrancisco } from './benchmark-parsers';

describe('benchmark parsers', () => {
  it('reads the OR-Library set covering layout with 1-based columns', () => {
    // 2 rows, 3 columns costing 4, 5, 6; row 1 is covered by columns 1 and 3, row 2 by column 2.
    const scp = parseOrLibraryScp(' 2 3\n 4 5 6\n 2\n 1 3\n 1\n 2\n');
    expect(scp).toEqual({ numRows: 2, numColumns: 3, costs: [4, 5, 6], coverage: [[0], [1], [0]] });
  });

  it('rejects a column index beyond n and trailing tokens', () => {
    expect(() => parseOrLibraryScp('1 2\n1 1\n1\n3\n')).toThrow('scp: row 1 names column 3');
    expect(() => parseOrLibraryScp('1 1\n1\n1\n1\n9\n')).toThrow('scp: 1 tokens left after the last row');
  });

  it('reads quoted CSV fields', () => {
    expect(csvRecords('"a","b"\n"x, y",2\n')).toEqual([{ a: 'x, y', b: '2' }]);
  });

  it('pivots the long distance table into tract × store order of the site files', () => {
    const demand = '"NAME","POP2000"\n"t1",10\n"t2",20\n';
    const stores = '"NAME"\n"S2"\n"S1"\n';
    const distances = 'distance,name,DestinationName,demand\n1,S1,t1,10\n2,S2,t1,10\n3,S1,t2,20\n4,S2,t2,20\n';
    expect(parseSpoptSanFrancisco(demand, stores, distances)).toEqual({
      tracts: ['t1', 't2'],
      population: [10, 20],
      stores: ['S2', 'S1'],
      distances: [
        [2, 1],
        [4, 3],
      ],
    });
    expect(() => parseSpoptSanFrancisco(demand, stores, distances.split('\n').slice(0, 4).join('\n'))).toThrow('spopt: tract t2 lacks a distance to some store');
  });
});
