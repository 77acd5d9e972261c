import { beatFeature, defectFeature, defectSummary, shapeFeatures, workloadBalance, type BeatInputs } from './beat-check-features';

const square = { type: 'Polygon', coordinates: [] };
const record = (id: number, households: number | null, priority: number | null): BeatInputs['record'] => ({
  id,
  code: `B${id}`,
  name: null,
  post: null,
  station: null,
  households,
  priorityHouseholds: priority,
  businesses: null,
  geometry: square,
  areaM2: 10000,
  cameras: 2,
  streetlights: 5,
  refuges: 1,
});
const inputs = (r: BeatInputs['record'], extra: Partial<BeatInputs> = {}): BeatInputs => ({
  record: r,
  blocks: { id: r.id, households: 450.04, population: 900, crimes: { '2025': 12.345 } },
  roads: [
    { id: r.id, class: 'residential', lengthM: 300 },
    { id: r.id, class: 'primary', lengthM: 120.04 },
  ],
  schoolRoutes: undefined,
  patrol: undefined,
  officers: null,
  ...extra,
});
const yearly = { priorityYears: 1, otherYears: 3 };

describe('beat-check features', () => {
  it('turns a small or thin piece into a sliver that says what it is a sliver of', () => {
    const base = { beats: [1, 2], areaM2: 12.345, block: '戸山１丁目', geometry: square };
    expect(defectFeature({ ...base, kind: 'overlap', sliver: true })).toEqual({
      kind: 'sliver',
      geometry: square,
      properties: { areaM2: 12.35, beats: [1, 2], block: '戸山１丁目', sliverOf: 'overlap' },
    });
    expect(defectFeature({ ...base, kind: 'gap', beats: [], sliver: false }).kind).toBe('gap');
  });

  it('reports exclaves of multi-part beats and invalid shapes as warnings, not defects', () => {
    const warnings = shapeFeatures([
      { id: 4, parts: 3, valid: true, reason: null, minorGeometry: square, minorAreaM2: 250 },
      { id: 5, parts: 1, valid: false, reason: 'Self-intersection', minorGeometry: null, minorAreaM2: 0 },
    ]);
    expect(warnings.map((w) => [w.kind, w.properties.beats])).toEqual([
      ['multipart', [4]],
      ['invalid', [5]],
    ]);
    expect(defectSummary(warnings)).toMatchObject({ defects: 0, multipartBeats: 1, invalidBeats: 1 });
  });

  it("uses the beat's own household count, else the blocks' share", () => {
    const own = beatFeature(inputs(record(1, 1200, 150)), yearly).properties;
    expect(own).toMatchObject({ households: 1200, householdsSource: 'beat', requiredVisitsPerYear: 500, roadLengthM: 420, roadLengthByClassM: { residential: 300, primary: 120 } });
    const fromBlocks = beatFeature(inputs(record(2, null, null)), yearly).properties;
    expect(fromBlocks).toMatchObject({ households: 450, householdsSource: 'blocks', priorityHouseholds: 0, requiredVisitsPerYear: 150, crimesPerYear: { '2025': 12.3 } });
  });

  it('derives seen and lit % of school routes from the blind and dark stretches, and adds patrols when asked', () => {
    const f = beatFeature(inputs(record(1, 10, 0), { schoolRoutes: { id: 1, lengthM: 400, blindM: 100, darkM: 40 }, patrol: { km: 12.34567, hours: 1.5 } }), yearly);
    expect(f.properties).toMatchObject({ schoolRouteM: 400, schoolRouteSeenPct: 75, schoolRouteLitPct: 90, patrolKm: 12.346, patrolHours: 1.5 });
    expect(beatFeature(inputs(record(1, 10, 0)), yearly).properties).not.toHaveProperty('schoolRouteSeenPct');
  });

  it('balances per officer when every beat is staffed, else per beat', () => {
    const a = beatFeature(inputs(record(1, 1200, 150), { officers: 2 }), yearly);
    const b = beatFeature(inputs(record(2, 300, 0), { officers: 1 }), yearly);
    // per officer: 250 and 100 → mean 175, max/mean 1.429, cv 75 / 175 = 0.429
    expect(workloadBalance([a, b])).toEqual({ basis: 'visitsPerOfficerPerYear', mean: 175, max: 250, maxOverMean: 1.429, cv: 0.429, busiestBeatId: 1 });
    const unstaffed = beatFeature(inputs(record(2, 300, 0)), yearly);
    expect(workloadBalance([a, unstaffed])).toMatchObject({ basis: 'requiredVisitsPerYear', max: 500, busiestBeatId: 1 });
  });
});
