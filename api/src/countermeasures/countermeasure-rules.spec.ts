import { AppError } from '../common/app-error';
import { assertTransition, dueOn, parseCountermeasureChange, parseFilter, parseNewCountermeasure } from './countermeasure-rules';

const RUN = '0b9c2f4e-3a1d-4c5e-9f00-1234567890ab';

function errorOf(fn: () => unknown): { status: number; code: string; field: unknown } {
  try {
    fn();
  } catch (err) {
    const e = err as AppError;
    return { status: e.status, code: e.code, field: (e.details as { field?: unknown } | undefined)?.field };
  }
  throw new Error('expected an error');
}

describe('countermeasure requests', () => {
  it('takes a finding by id or by feature index, with defaults for note and due date', () => {
    expect(parseNewCountermeasure({ runId: RUN, findingId: '12-dark-unwatched-1', owner: 'road-manager' })).toEqual({
      runId: RUN,
      finding: { findingId: '12-dark-unwatched-1' },
      owner: 'road-manager',
      note: null,
      dueOn: null,
    });
    expect(parseNewCountermeasure({ runId: RUN, featureIndex: 0, owner: 'school', note: '見守り隊を配置', dueOn: '2026-03-31' }).finding).toEqual({ featureIndex: 0 });
  });

  it('names the field of every mistake', () => {
    const cases: [unknown, string][] = [
      [[], 'body'],
      [{ runId: 'abc', findingId: '1-x-1', owner: 'city' }, 'runId'],
      [{ runId: RUN, owner: 'city' }, 'findingId'],
      [{ runId: RUN, findingId: '1-x-1', featureIndex: 2, owner: 'city' }, 'findingId'],
      [{ runId: RUN, featureIndex: -1, owner: 'city' }, 'featureIndex'],
      [{ runId: RUN, findingId: '1-x-1', owner: 'mayor' }, 'owner'],
      [{ runId: RUN, findingId: '1-x-1', owner: 'city', dueOn: '2026-02-30' }, 'dueOn'],
      [{ runId: RUN, findingId: '1-x-1', owner: 'city', note: 'x'.repeat(2001) }, 'note'],
      [{ runId: RUN, findingId: '1-x-1', owner: 'city', colour: 'red' }, 'colour'],
    ];
    for (const [body, field] of cases) expect({ body, ...errorOf(() => parseNewCountermeasure(body)) }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED', field });
  });

  it('accepts real calendar dates only', () => {
    expect(dueOn('2028-02-29')).toBe('2028-02-29');
    expect(errorOf(() => dueOn('2027-02-29')).field).toBe('dueOn');
    expect(errorOf(() => dueOn('2026-4-1')).field).toBe('dueOn');
    expect(dueOn(null)).toBeNull();
  });

  it('changes status, owner, note or due date; an empty change is a mistake', () => {
    expect(parseCountermeasureChange({ status: 'planned', note: null })).toEqual({ status: 'planned', note: null });
    expect(errorOf(() => parseCountermeasureChange({})).field).toBe('body');
    expect(errorOf(() => parseCountermeasureChange({ status: 'closed' })).field).toBe('status');
  });

  it('moves forward for everyone and back only for an admin', () => {
    expect(() => assertTransition('open', 'planned', 'planner')).not.toThrow();
    expect(() => assertTransition('open', 'done', 'police')).not.toThrow();
    expect(() => assertTransition('done', 'done', 'planner')).not.toThrow();
    expect(errorOf(() => assertTransition('done', 'planned', 'planner'))).toEqual({ status: 403, code: 'INVALID_TRANSITION', field: 'status' });
    expect(() => assertTransition('done', 'open', 'admin')).not.toThrow();
  });

  it('filters the list by route, status and run', () => {
    expect(parseFilter({ routeId: '12', status: 'open' })).toEqual({ routeId: 12, status: 'open' });
    expect(errorOf(() => parseFilter({ routeId: '1.5' })).field).toBe('routeId');
    expect(errorOf(() => parseFilter({ status: 'closed' })).code).toBe('INVALID_QUERY');
  });
});
