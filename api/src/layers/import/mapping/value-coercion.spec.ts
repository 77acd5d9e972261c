import { getLayer, type PropertySpec } from '@mimamori/db';
import { coerceValue, parseDate, parseLocalTimestamp, parseNumber, parseZone, zoneSrid } from './value-coercion';

const spec = (layer: Parameters<typeof getLayer>[0], name: string): PropertySpec => getLayer(layer).properties.find((p) => p.name === name)!;

describe('coerceValue', () => {
  it('reads numbers as spreadsheets write them: full-width digits, thousands separators, units', () => {
    expect(coerceValue(spec('cameras', 'range_m'), '３０ｍ')).toBe(30);
    expect(coerceValue(spec('cameras', 'bearing_deg'), '90°')).toBe(90);
    expect(coerceValue(spec('beats', 'households'), '1,234')).toBe(1234);
    expect(parseNumber('-12.5e1')).toBe(-125);
    expect(parseNumber('1,5')).toBeNull();
  });

  it('returns what it cannot convert unchanged, so the validator names it', () => {
    expect(coerceValue(spec('cameras', 'range_m'), 'とても遠い')).toBe('とても遠い');
    expect(coerceValue(spec('cameras', 'status'), '不明な状態')).toBe('不明な状態');
  });

  it('treats empty cells as absent', () => {
    expect(coerceValue(spec('cameras', 'name'), '  ')).toBeNull();
    expect(coerceValue(spec('cameras', 'range_m'), '')).toBeNull();
  });

  it('maps Japanese enum spellings within the property’s own values', () => {
    expect(coerceValue(spec('cameras', 'status'), '稼働中')).toBe('active');
    expect(coerceValue(spec('cameras', 'status'), 'Out of service')).toBe('out_of_service');
    expect(coerceValue(spec('streetlights', 'lamp_type'), 'ＬＥＤ')).toBe('led');
    expect(coerceValue(spec('streetlights', 'lamp_type'), '水銀灯')).toBe('mercury');
    expect(coerceValue(spec('facilities', 'kind'), '警察署')).toBe('koban');
    expect(coerceValue(spec('areas', 'kind'), '警察署')).toBe('police-station');
    expect(coerceValue(spec('patrol-tracks', 'kind'), '青パト')).toBe('volunteer');
    expect(coerceValue(spec('school-routes', 'period'), '下校')).toBe('afternoon');
  });

  it('reads yes/no marks as booleans', () => {
    const night = spec('cameras', 'night_capable');
    expect(['○', 'あり', 'TRUE', '1'].map((v) => coerceValue(night, v))).toEqual([true, true, true, true]);
    expect(['×', 'なし', 'no', 0].map((v) => coerceValue(night, v))).toEqual([false, false, false, false]);
  });

  it('reads dates in western and Japanese era forms', () => {
    expect(parseDate('2024/4/1')).toBe('2024-04-01');
    expect(parseDate('2024年4月1日')).toBe('2024-04-01');
    expect(parseDate('令和6年4月1日')).toBe('2024-04-01');
    expect(parseDate('R6.4.1')).toBe('2024-04-01');
    expect(parseDate('令和元年5月1日')).toBe('2019-05-01');
    expect(parseDate('平成31年4月30日')).toBe('2019-04-30');
    expect(parseDate('2023-02-29')).toBeNull();
  });

  it('reads times without a zone as Japan time and leaves zoned ones alone', () => {
    expect(parseLocalTimestamp('2025/04/01 08:00')).toBe('2025-04-01T08:00:00+09:00');
    expect(parseLocalTimestamp('2025-04-01T08:00:30.5')).toBe('2025-04-01T08:00:30.5+09:00');
    expect(coerceValue(spec('patrol-tracks', 'started_at'), '2025-04-01T08:00:00Z')).toBe('2025-04-01T08:00:00Z');
  });

  it('parses JSON text for json properties', () => {
    expect(coerceValue(spec('blocks', 'crimes'), '{"2025": {"total": 3}}')).toEqual({ '2025': { total: 3 } });
  });
});

describe('plane-rectangular zones', () => {
  it('reads zone numbers however they are written and maps them to JGD2011 EPSG codes', () => {
    expect(['9', '９', 'IX', '第9系', '9系', 9].map(parseZone)).toEqual([9, 9, 9, 9, 9, 9]);
    expect(parseZone('XIX')).toBe(19);
    expect(parseZone('20')).toBeNull();
    expect([zoneSrid(1), zoneSrid(9), zoneSrid(19)]).toEqual([6669, 6677, 6687]);
  });
});
