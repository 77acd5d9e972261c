import type { Interval, LineCoverage } from '../../kernels';
import { mulberry32 as random } from '../../kernels/siting/random-instance';
import { ByteWriter } from '../../runs/byte-writer';
import { addLineTotals, coverageLines, lineProperties, lineRecord, lineTotals, streamedCoverageLines, summariseTotals, summaryOf, type TargetCoverage } from './coverage-features';

const written = (write: (out: ByteWriter) => void) => {
  const out = new ByteWriter(16);
  write(out);
  return out.take().toString('utf8');
};

function intervals(rnd: () => number, lengthM: number): Interval[] {
  const cuts = Array.from({ length: Math.floor(rnd() * 6) * 2 }, () => rnd() * lengthM).sort((a, b) => a - b);
  const out: Interval[] = [];
  for (let i = 0; i + 1 < cuts.length; i += 2) out.push([cuts[i], cuts[i + 1]]);
  return out;
}

function part(rnd: () => number): LineCoverage {
  const lengthM = rnd() < 0.1 ? 0 : rnd() * 800;
  const seen = intervals(rnd, lengthM);
  const lit = intervals(rnd, lengthM);
  const sum = (list: Interval[]) => list.reduce((n, [a, b]) => n + b - a, 0);
  return {
    id: 'x',
    lengthM,
    seen,
    lit,
    seenM: sum(seen),
    litM: sum(lit),
    seenOrLitM: Math.min(lengthM, sum(seen) + sum(lit)),
    seenPct: 0,
    litPct: 0,
    seenOrLitPct: 0,
    blindSpots: intervals(rnd, lengthM),
    darkSpots: intervals(rnd, lengthM),
    darkUnwatched: intervals(rnd, lengthM),
  };
}

const NAMES = ['大久保通り', null, 'a "quoted" \\ name', '', 'tab\tand\nnewline', '\u0001'];

function target(rnd: () => number, i: number): TargetCoverage {
  const parts = Array.from({ length: Math.floor(rnd() * 3) }, () => part(rnd));
  return { row: { id: 1000 + i, name: NAMES[i % NAMES.length], wkb: Buffer.alloc(0), ewkb: Buffer.from([1, 2, 3]) }, coords: [], parts };
}

describe('coverage line properties as stored', () => {
  it('are exactly the JSON of the line feature properties, for any intervals and names', () => {
    const rnd = random(7);
    for (let i = 0; i < 500; i++) {
      const t = target(rnd, i);
      const record = lineRecord(t, { blind: true, dark: true });
      const properties = lineProperties(t);
      expect(written((out) => record.writeProperties(out))).toBe(JSON.stringify(properties));
      expect(record.figures).toEqual({ lengthM: properties.lengthM, seenM: properties.seenM, litM: properties.litM, seenOrLitM: properties.seenOrLitM });
    }
  });

  it('keep the line geometry the run read and its spots along the parts', () => {
    const t = target(random(3), 1);
    const record = lineRecord(t, { blind: true, dark: false });
    expect(record.ewkb).toBe(t.row.ewkb);
    expect(JSON.parse(written((out) => record.writeProperties(out)))).toEqual(lineProperties(t));
    const spots = JSON.parse(written((out) => record.writeSpots(out))) as number[][];
    expect(spots).toHaveLength(t.parts.reduce((n, p) => n + p.blindSpots.length, 0));
    expect(spots.every((s) => s[0] === 0)).toBe(true);
    expect(record.spotCounts).toEqual({ blind: spots.length, dark: 0 });
  });

  it('write each spot as JSON.stringify writes its rounded positions and lengths', () => {
    const rnd = random(11);
    for (let i = 0; i < 200; i++) {
      const t = target(rnd, i);
      const r2 = (x: number) => Math.round(x * 100) / 100;
      const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
      const expected: number[][] = [];
      let offset = 0;
      t.parts.forEach((p, k) => {
        for (const [kind, list] of [[0, p.blindSpots], [1, p.darkSpots]] as const) {
          for (const [a, b] of list) expected.push([kind, k + 1, r4(a), r4(b), r2(b - a), r2(offset + a), r2(offset + b)]);
        }
        offset += p.lengthM;
      });
      expect(written((out) => lineRecord(t, { blind: true, dark: true }).writeSpots(out))).toBe(JSON.stringify(expected));
    }
  });
});

describe('line totals', () => {
  it('sum the stored lengths in whole centimetres: the totals of some lines less a few are those of the rest', () => {
    const rnd = random(13);
    const targets = Array.from({ length: 300 }, (_, i) => target(rnd, i));
    const spotsOf = (list: TargetCoverage[]) => ({
      blindSpots: list.reduce((n, t) => n + t.parts.reduce((m, p) => m + p.blindSpots.length, 0), 0),
      darkSpots: list.reduce((n, t) => n + t.parts.reduce((m, p) => m + p.darkSpots.length, 0), 0),
    });
    const totalsOf = (list: TargetCoverage[]) => lineTotals(list.map((t) => t.parts), spotsOf(list));
    const all = totalsOf(targets);
    const stored = targets.map((t) => lineRecord(t, { blind: true, dark: true }).figures);
    expect(all.lines).toBe(300);
    expect(all.lengthCm).toBe(stored.reduce((n, f) => n + Math.round(f.lengthM * 100), 0));
    expect(all.seenOrLitCm).toBe(stored.reduce((n, f) => n + Math.round(f.seenOrLitM * 100), 0));
    const few = targets.filter((_, i) => i % 37 === 0);
    const rest = targets.filter((_, i) => i % 37 !== 0);
    expect(addLineTotals(all, totalsOf(few), -1)).toEqual(totalsOf(rest));
  });
});

describe('streamed coverage lines', () => {
  const which = { blind: true, dark: true };
  const inputs = { cameras: 1, streetlights: 2, buildings: 3 };

  it('are the lines, totals and summary of the same targets made at once', () => {
    const rnd = random(17);
    const targets = Array.from({ length: 200 }, (_, i) => target(rnd, i));
    const streamed = streamedCoverageLines({ count: targets.length, target: (k) => targets[k] }, which);
    expect(() => streamed.written()).toThrow('0 of 200 coverage lines written');
    const eager = coverageLines(targets, which);
    const asText = (lines: Iterable<ReturnType<typeof lineRecord>>) =>
      [...lines].map((l) => [l.targetId, written((out) => l.writeProperties(out)), written((out) => l.writeSpots(out)), l.figures, l.spotCounts]);
    expect(asText(streamed)).toEqual(asText(eager));
    const done = streamed.written();
    expect(done.spots).toEqual(eager.spots);
    expect(done.lineTotals).toEqual(lineTotals(targets.map((t) => t.parts), eager.spots));
    expect(summaryOf(targets.length, done.totals, done.spots, [], inputs)).toEqual(
      summariseTotals(targets.length, targets.flatMap((t) => t.parts), eager.spots, [], inputs),
    );
  });

  it('refuse a line with more spots than its features can number when it is made', () => {
    const rnd = random(19);
    const crowded = { ...part(rnd), lengthM: 5000 };
    crowded.blindSpots = Array.from({ length: 4096 }, (_, i): [number, number] => [i, i + 0.5]);
    const targets = [target(rnd, 3), { ...target(rnd, 1), parts: [crowded] }];
    const streamed = streamedCoverageLines({ count: 2, target: (k) => targets[k] }, which);
    const made: number[] = [];
    expect(() => {
      for (const l of streamed) made.push(l.targetId);
    }).toThrow(/has 4\d{3} blind and dark spots, more than 4095: ask for a larger minGapM/);
    expect(made).toEqual([targets[0].row.id]);
  });
});

