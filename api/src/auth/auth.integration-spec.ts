import { createTestApp, TestApp } from '../testing/test-app';

describe('auth and health (real PostGIS + Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('reports PostGIS and Redis in /api/health', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', postgis: expect.stringMatching(/^3\./), redis: 'ok' });
  });

  it('logs a demo user in and returns who they are', async () => {
    const token = await t.tokenFor('planner');
    const me = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body).toMatchObject({ username: 'planner', role: 'planner', organisationId: t.orgs.city });
  });

  it('refuses a wrong password with INVALID_CREDENTIALS', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'planner', password: 'nope' }).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: 'INVALID_CREDENTIALS' });
  });

  it('rejects a forged token', async () => {
    const res = await t.http().get('/api/auth/me').set('Authorization', 'Bearer abc.def.ghi').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('rejects unknown fields in the login body (no mass assignment)', async () => {
    const res = await t.http().post('/api/auth/login').send({ username: 'a', password: 'b', role: 'admin' }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
  });
});
