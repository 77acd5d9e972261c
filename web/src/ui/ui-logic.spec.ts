import type { GeoFeature, RunView } from '../api/client';
import { tableColumns, toCsv } from './analyses/result-table';
import { bboxOf } from './analyses/run-results';
import { applyEvent } from './analyses/run-tracker';
import { summaryRows } from './analyses/run-summary';
import { cameraHandlePositions, dragCamera } from './edit/geometry-handles';
import { sketchGeometry } from './edit/sketch-tool';
import { localPlane } from '../geo/local-plane';

const beat = (properties: Record<string, unknown>): GeoFeature => ({ type: 'Feature', geometry: null, properties: { kind: 'beat', ...properties } });

describe('result tables and their CSV', () => {
  const beats = [beat({ beatId: 1, name: '大久保, 北', requiredVisitsPerYear: 5391, shares: [1, 2] }), beat({ beatId: 2, name: '戸山 "東"', households: 10 })];

  it('has a column per scalar property in the order first seen, without kind', () => {
    expect(tableColumns(beats)).toEqual(['beatId', 'name', 'requiredVisitsPerYear', 'households']);
  });

  it('writes UTF-8 CSV with a byte-order mark for Excel, quoting commas and quotes', () => {
    expect(toCsv(beats, tableColumns(beats))).toBe('\uFEFFbeatId,name,requiredVisitsPerYear,households\r\n1,"大久保, 北",5391,\r\n2,"戸山 ""東""",,10\r\n');
  });
});

describe('zooming to a run\'s results', () => {
  it('boxes every position of points, lines and polygons, skipping features without geometry', () => {
    const features: GeoFeature[] = [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [139.71, 35.70] }, properties: {} },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[139.70, 35.69], [139.72, 35.69], [139.72, 35.705], [139.70, 35.69]]] }, properties: {} },
      beat({}),
    ];
    expect(bboxOf(features)).toEqual([139.7, 35.69, 139.72, 35.705]);
    expect(bboxOf([beat({})])).toBeNull();
  });
});

describe('run progress', () => {
  const run: RunView = { id: 'r', type: 'coverage', status: 'running', progress: 0.5, summary: null, error: null, params: {}, createdAt: '', startedAt: null, finishedAt: null };

  it('never goes backwards, and a finished run stays finished', () => {
    expect(applyEvent(run, { runId: 'r', status: 'running', progress: 0.3 }).progress).toBe(0.5);
    expect(applyEvent(run, { runId: 'r', status: 'running', progress: 0.8 }).progress).toBe(0.8);
    const failed = applyEvent(run, { runId: 'r', status: 'failed', progress: 0.8, message: 'no school routes' });
    expect(failed).toMatchObject({ status: 'failed', error: 'no school routes' });
    expect(applyEvent(failed, { runId: 'r', status: 'running', progress: 0.9 })).toBe(failed);
  });

  it('summarises coverage by its lead figures first, then the other scalars', () => {
    const rows = summaryRows({ ...run, status: 'succeeded', summary: { lengthM: 16211.69, seenOrLitPct: 60.97, cameras: 88, byBlock: { a: 1 } } });
    expect(rows).toEqual([
      ['カメラか照明で見守られている割合', '61%'],
      ['対象の延長', '16,211.7 m'],
      ['cameras', '88'],
    ]);
  });
});

describe('camera handles', () => {
  const draft = { at: [139.7, 35.7] as const, bearingDeg: 0, hfovDeg: 90, rangeM: 30 };
  const plane = localPlane(draft.at);

  it('puts the bearing handle at the tip of the view and the edge handles at ¾ of the range', () => {
    const handles = cameraHandlePositions(draft);
    const tip = plane.toMetres(handles.bearing);
    expect(tip[0]).toBeCloseTo(0, 6);
    expect(tip[1]).toBeCloseTo(30, 6);
    const right = plane.toMetres(handles['fov-right']);
    expect(Math.hypot(right[0], right[1])).toBeCloseTo(22.5, 6);
    expect((Math.atan2(right[0], right[1]) * 180) / Math.PI).toBeCloseTo(45, 6);
  });

  it('turns the camera and sets its range to where the bearing handle is dropped', () => {
    const next = dragCamera(draft, 'bearing', plane.toLonLat([40, 0]));
    expect(next).toMatchObject({ bearingDeg: 90, rangeM: 40, hfovDeg: 90 });
  });

  it('widens the view to twice the angle between the bearing and an edge handle', () => {
    expect(dragCamera(draft, 'fov-right', plane.toLonLat([10, 10])).hfovDeg).toBe(90);
    expect(dragCamera(draft, 'fov-left', plane.toLonLat([-10, 0])).hfovDeg).toBe(180);
    expect(dragCamera(draft, 'fov-left', plane.toLonLat([0, 10])).hfovDeg).toBe(1);
  });

  it('moves the camera with its position handle, keeping its view', () => {
    expect(dragCamera(draft, 'position', [139.71, 35.71])).toEqual({ ...draft, at: [139.71, 35.71] });
  });
});

describe('sketches', () => {
  it('closes a drawn polygon and keeps a line as drawn', () => {
    expect(sketchGeometry('polygon', [[0, 0], [1, 0], [1, 1]])).toEqual({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] });
    expect(sketchGeometry('line', [[0, 0], [1, 0]])).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 0]] });
  });
});
