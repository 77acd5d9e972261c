import { problemsOf } from './serving-role';

const SAFE = { superuser: false, bypassRls: false, ownedTables: [], unprotectedLayers: [] };

describe('problemsOf (serving role checked at startup)', () => {
  it('accepts a role that is no superuser, honours row-level security and owns nothing', () => {
    expect(problemsOf('mimamori_app', SAFE)).toEqual([]);
  });

  it('names each reason row-level security would not bind the role', () => {
    expect(problemsOf('r', { superuser: true, bypassRls: true, ownedTables: ['public.a', 'public.b'], unprotectedLayers: ['layer_cameras'] })).toEqual([
      'r is a superuser',
      'r bypasses row-level security (BYPASSRLS)',
      'r owns 2 table(s) (public.a, public.b), and row-level security does not bind owners',
      'row-level security is not enabled and forced on layer_cameras (run the migrations)',
    ]);
  });

  it('lists at most five owned tables', () => {
    const owned = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => `public.${n}`);
    expect(problemsOf('r', { ...SAFE, ownedTables: owned })).toEqual(['r owns 7 table(s) (public.a, public.b, public.c, public.d, public.e, …), and row-level security does not bind owners']);
  });
});
