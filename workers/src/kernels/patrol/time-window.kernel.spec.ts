import { selectTrackPieces } from './track-pieces.kernel';
import { windowFractions } from './time-window.kernel';
import type { PatrolTrack } from './patrol.types';

/** Epoch seconds of a Tokyo wall-clock time. */
const jst = (iso: string) => Date.parse(`${iso}+09:00`) / 1000;
const clock = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3)) * 60;
const hours = (from: string, to: string) => ({ fromS: clock(from), toS: clock(to) });
const track = (xyt: number[], extra: Partial<PatrolTrack> = {}): PatrolTrack => ({ id: 1, unit: 'PC-1', kind: 'police', xyt, startedAt: null, endedAt: null, ...extra });

describe('time windows (Asia/Tokyo)', () => {
  it('cuts a span to the period', () => {
    expect(windowFractions(0, 100, { fromS: 25, toS: 75 })).toEqual([[0.25, 0.75]]);
    expect(windowFractions(0, 100, { fromS: 100, toS: 200 })).toEqual([]);
    expect(windowFractions(50, 50, { fromS: 0, toS: 100 })).toEqual([[0, 1]]);
    expect(windowFractions(100, 100, { fromS: 0, toS: 100 })).toEqual([]);
  });

  it('keeps 15:00–18:00 Tokyo time of a drive from 14:00 to 19:00 (05:00–10:00 UTC)', () => {
    const t0 = jst('2026-10-01T14:00:00');
    expect(t0).toBe(Date.parse('2026-10-01T05:00:00Z') / 1000);
    const f = windowFractions(t0, t0 + 5 * 3600, { fromS: 0, toS: 2e9, hours: hours('15:00', '18:00') });
    expect(f.map(([a, b]) => [+a.toFixed(9), +b.toFixed(9)])).toEqual([[0.2, 0.8]]);
  });

  it('wraps a night window past midnight and repeats it every day', () => {
    const t0 = jst('2026-10-01T21:00:00');
    const night = { fromS: 0, toS: 2e9, hours: hours('22:00', '02:00') };
    const f = windowFractions(t0, t0 + 6 * 3600, night);
    expect(f.map(([a, b]) => [+a.toFixed(9), +b.toFixed(9)])).toEqual([[+(1 / 6).toFixed(9), +(5 / 6).toFixed(9)]]);
    const twoNights = windowFractions(t0, t0 + 30 * 3600, night);
    expect(twoNights).toHaveLength(2);
  });
});

describe('selecting track stretches in a period', () => {
  const t0 = jst('2026-10-01T10:00:00');

  it('cuts a timed track exactly at the period ends, interpolating positions', () => {
    // 0 → 1000 m east in 1000 s; the period keeps seconds 250..750 → x 250..750.
    const sel = selectTrackPieces([track([0, 0, t0, 1000, 0, t0 + 1000])], { fromS: t0 + 250, toS: t0 + 750 });
    expect(sel.pieces).toHaveLength(1);
    expect([...sel.pieces[0].xyt]).toEqual([250, 0, t0 + 250, 750, 0, t0 + 750]);
    expect(sel.keptM[0]).toBe(500);
  });

  it('keeps consecutive kept segments as one stretch and breaks it where time is cut out', () => {
    const xyt = [0, 0, t0, 100, 0, t0 + 100, 200, 0, t0 + 200, 300, 0, t0 + 300];
    const whole = selectTrackPieces([track(xyt)], { fromS: t0, toS: t0 + 1000 });
    expect(whole.pieces.map((p) => p.xyt.length / 3)).toEqual([4]);
    const twoHours = selectTrackPieces([track(xyt)], { fromS: 0, toS: 2e9, hours: { fromS: 10 * 3600, toS: 10 * 3600 + 50 } });
    expect(twoHours.keptM[0]).toBe(50);
  });

  it('keeps untimed tracks for km when their recorded dates fit, never under an hours filter', () => {
    const untimed = track([0, 0, NaN, 300, 400, NaN], { startedAt: t0, endedAt: t0 + 600 });
    const undated = track([0, 0, NaN, 0, 100, NaN]);
    const elsewhere = track([0, 0, NaN, 0, 100, NaN], { startedAt: t0 - 86400 * 30, endedAt: t0 - 86400 * 30 + 600 });
    const period = { fromS: t0 - 3600, toS: t0 + 3600 };
    const sel = selectTrackPieces([untimed, undated, elsewhere], period);
    expect([...sel.keptM]).toEqual([500, 100, 0]);
    expect([...sel.untimedM]).toEqual([500, 100, 0]);
    const withHours = selectTrackPieces([untimed, undated, elsewhere], { ...period, hours: hours('09:00', '12:00') });
    expect([...withHours.keptM]).toEqual([0, 0, 0]);
    expect([...withHours.untimedExcludedM]).toEqual([500, 100, 100]);
  });
});
