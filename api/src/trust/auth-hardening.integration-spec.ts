import { DEMO_PASSWORD } from '@mimamori/db';
import * as jwt from 'jsonwebtoken';
import { LOGIN_WINDOW_SECONDS } from '../auth/login-throttle.service';
import { createTestApp, TestApp } from '../testing/test-app';

const CAMERA = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [139.7101, 35.7013] },
  properties: { name: 'hardening', bearing_deg: 90, hfov_deg: 60, range_m: 30 },
};

describe('login throttling, tokens and HTTP hardening (real PostGIS + Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses a token signed with another algorithm, audience, issuer, or already expired', async () => {
    const secret = t.config.jwtSecret!;
    const claims = { sub: 'x', username: 'admin', role: 'admin', org: t.orgs.admin };
    const forged = [
      jwt.sign(claims, secret, { algorithm: 'HS512', issuer: 'mimamori', audience: 'mimamori-api' }),
      jwt.sign(claims, secret, { algorithm: 'HS256', issuer: 'mimamori', audience: 'another-api' }),
      jwt.sign(claims, secret, { algorithm: 'HS256', issuer: 'someone-else', audience: 'mimamori-api' }),
      jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret, { algorithm: 'HS256', issuer: 'mimamori', audience: 'mimamori-api' }),
      jwt.sign(claims, 'another-secret-of-at-least-32-characters!', { algorithm: 'HS256', issuer: 'mimamori', audience: 'mimamori-api' }),
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`,
    ];
    for (const token of forged) {
      const res = await t.http().get('/api/auth/me').set('Authorization', `Bearer ${token}`);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    }
    const genuine = jwt.sign(claims, secret, { algorithm: 'HS256', issuer: 'mimamori', audience: 'mimamori-api' });
    await t.http().get('/api/auth/me').set('Authorization', `Bearer ${genuine}`).expect(200);
  });

  it('sends helmet security headers', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('grants no cross-origin access to a foreign Origin, on requests and on preflights', async () => {
    const simple = await t.http().get('/api/layers').set('Origin', 'https://evil.example');
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.http().options('/api/auth/login').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('refuses reserved fields in feature POST and PATCH without writing anything', async () => {
    const token = await t.tokenFor('admin');
    const [{ n: before }] = await t.db.query(`SELECT count(*)::int AS n FROM layer_cameras`);
    for (const reserved of [{ id: 7 }, { organisation_id: t.orgs.police }, { sample: true }, { version: 99 }]) {
      const res = await t.http().post('/api/layers/cameras/features').set('Authorization', `Bearer ${token}`)
        .send({ ...CAMERA, properties: { ...CAMERA.properties, ...reserved } });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'RESERVED_PROPERTY' });
    }
    const created = await t.http().post('/api/layers/cameras/features').set('Authorization', `Bearer ${token}`).send(CAMERA).expect(201);
    const patch = await t.http().patch(`/api/layers/cameras/features/${created.body.id}`).set('Authorization', `Bearer ${token}`)
      .set('If-Match', created.headers.etag).send({ properties: { organisation_id: t.orgs.police } });
    expect({ status: patch.status, code: patch.body.code }).toEqual({ status: 400, code: 'RESERVED_PROPERTY' });
    const [row] = await t.db.query(`SELECT organisation_id, version FROM layer_cameras WHERE id = $1`, [created.body.id]);
    expect(row).toEqual({ organisation_id: t.orgs.admin, version: 1 });
    const [{ n: after }] = await t.db.query(`SELECT count(*)::int AS n FROM layer_cameras`);
    expect(after).toBe(before + 1);
  });

  it('refuses an oversized JSON body with 413', async () => {
    const token = await t.tokenFor('admin');
    const res = await t.http().post('/api/layers/cameras/features').set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json').send(`{"type":"Feature","pad":"${'x'.repeat(21 * 1024 * 1024)}"}`);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('login throttling (a fresh app and counters for each case)', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });

  it('answers the 6th wrong password for one username with 429 and Retry-After, even with the right password', async () => {
    for (let i = 1; i <= 5; i++) expect((await login('viewer', `wrong-${i}`)).status).toBe(401);
    const sixth = await login('viewer', 'wrong-6').expect(429);
    expect(sixth.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
    const retryAfter = Number(sixth.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(LOGIN_WINDOW_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_SECONDS);
    await login('viewer', DEMO_PASSWORD).expect(429);
    await login('VIEWER', DEMO_PASSWORD).expect(429);
  });

  it('answers the 6th failure from one address with 429, even for a username never tried', async () => {
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) await login(name, 'x').expect(401);
    const res = await login('admin', DEMO_PASSWORD).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('resets the counts after a successful login', async () => {
    for (let i = 0; i < 4; i++) await login('planner', 'wrong').expect(401);
    await login('planner', DEMO_PASSWORD).expect(200);
    for (let i = 0; i < 5; i++) await login('planner', 'wrong').expect(401);
    await login('planner', 'wrong').expect(429);
  });

  it('keeps the counts in Redis, shared by every API process using the same Redis', async () => {
    const second = await createTestApp({ queuePrefix: t.config.queuePrefix, databaseUrl: t.config.databaseUrl });
    try {
      for (let i = 0; i < 3; i++) await login('police', 'wrong').expect(401);
      for (let i = 0; i < 2; i++) await second.http().post('/api/auth/login').send({ username: 'police', password: 'wrong' }).expect(401);
      await login('police', DEMO_PASSWORD).expect(429);
    } finally {
      await second.close();
    }
  });
});
