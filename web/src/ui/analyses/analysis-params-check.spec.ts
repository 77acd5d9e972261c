import { formFor, initialParams } from './analysis-forms';
import { checkParams } from './analysis-params-check';

const TODAY = new Date(2026, 10, 22);

describe('analysis parameters from the form (the shapes workers/src/contracts accepts)', () => {
  it('starts coverage of school routes by cameras and streetlights with occlusion, the contract defaults', () => {
    const form = formFor('coverage');
    expect(checkParams(form, initialParams(form, TODAY))).toEqual({
      params: { targets: 'school-routes', sources: ['cameras', 'streetlights'], occlusion: true, includePlanned: false, night: false, minGapM: 5 },
      errors: {},
    });
  });

  it('reads ids typed with commas or Japanese commas, and refuses anything but positive whole numbers', () => {
    const form = formFor('coverage');
    const raw = { ...initialParams(form, TODAY), ids: '3, 1、3 2', dori: 'recognise' };
    expect(checkParams(form, raw).params).toMatchObject({ ids: [3, 1, 2], dori: 'recognise' });
    expect(checkParams(form, { ...raw, ids: '1, -2' }).errors.ids).toContain('正の整数');
  });

  it('needs at least one kind of equipment to count', () => {
    const form = formFor('coverage');
    expect(checkParams(form, { ...initialParams(form, TODAY), sources: [] }).errors.sources).toBe('数える設備を1つ以上選んでください。');
  });

  it('builds a siting request with a camera template, and asks for a number of cameras or a budget', () => {
    const form = formFor('siting');
    const raw = { ...initialParams(form, TODAY), k: '3' };
    expect(checkParams(form, raw).params).toEqual({
      objective: 'max-coverage',
      k: 3,
      targets: 'school-routes',
      includePlanned: false,
      occlusion: true,
      camera: { hfovDeg: 90, rangeM: 30, costYen: 250000 },
    });
    expect(checkParams(form, { ...raw, k: '' }).errors).toEqual({ k: '台数か予算のどちらかを入力してください。' });
    expect(checkParams(form, { ...raw, k: '2.5' }).errors.k).toContain('整数');
    expect(checkParams(form, { ...raw, objective: 'min-cost-cover' }).params).toMatchObject({ objective: 'min-cost-cover', coverPct: 100 });
    expect(checkParams(form, { ...raw, objective: 'min-cost-cover' }).params).not.toHaveProperty('k');
  });

  it('refuses a camera range of 0 m or over 1 000 m', () => {
    const form = formFor('siting');
    expect(checkParams(form, { ...initialParams(form, TODAY), rangeM: '0' }).errors.rangeM).toBe('カメラの撮影距離 (m)は0より大きくしてください。');
    expect(checkParams(form, { ...initialParams(form, TODAY), rangeM: '1001' }).errors.rangeM).toBe('カメラの撮影距離 (m)は1,000以下にしてください。');
  });

  it('asks patrol coverage for the last 60 days by default and refuses an end before the start', () => {
    const form = formFor('patrol-coverage');
    const raw = initialParams(form, TODAY);
    expect(checkParams(form, raw).params).toMatchObject({ from: '2026-09-23', to: '2026-11-23', kinds: ['police', 'volunteer', 'foot'] });
    expect(checkParams(form, { ...raw, from: '2026-10-31', to: '2026-10-01' }).errors).toEqual({ to: '終了日は開始日より後にしてください。' });
  });

  it('names an areas feature as the beat-check jurisdiction', () => {
    const form = formFor('beat-check');
    expect(checkParams(form, { ...initialParams(form, TODAY), jurisdiction: '2' }).params).toMatchObject({ jurisdiction: { layer: 'areas', id: 2 }, sliverMaxM2: 50 });
  });

  it('takes JSON params for a type this app does not know yet', () => {
    const form = formFor('hotspots');
    expect(checkParams(form, { params: '{"radiusM": 200}' }).params).toEqual({ radiusM: 200 });
    expect(checkParams(form, { params: '[1]' }).errors.params).toContain('JSON');
  });
});
