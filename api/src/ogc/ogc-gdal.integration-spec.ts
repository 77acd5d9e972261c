import { LAYERS } from '@mimamori/db';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from '../testing/test-app';

const run = promisify(execFile);
const CAMERAS = 37;

/** GDAL's OAPIF driver (what QGIS uses) against the API listening on a real port, as an anonymous reader. */
describe('OGC API – Features read by GDAL ogrinfo', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `OAPIF:http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api/ogc`;
    await t.db.query(
      `INSERT INTO layer_cameras (organisation_id, name, bearing_deg, hfov_deg, range_m, geom)
       SELECT $1, 'cam ' || i, (i * 10) % 360, 60, 25, ST_SetSRID(ST_MakePoint(139.70 + i * 0.0005, 35.70 + (i % 5) * 0.0005), 4326)
         FROM generate_series(1, ${CAMERAS}) i`,
      [t.orgs.city],
    );
  });
  afterAll(() => t.close());

  it('lists every public and internal layer of the contract, and no police layer', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-so', url]);
    const listed = [...stdout.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1]);
    const expected = LAYERS.filter((l) => l.sensitivity !== 'police').map((l) => l.id);
    expect(expected).toHaveLength(9);
    expect(listed.sort()).toEqual([...expected].sort());
  });

  it('counts the cameras that were inserted', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', url, 'cameras']);
    expect(stdout).toMatch(/^Layer name: cameras$/m);
    expect(stdout).toMatch(new RegExp(`^Feature Count: ${CAMERAS}$`, 'm'));
    expect(stdout).toMatch(/^bearing_deg: Real/m);
    expect(stdout).toMatch(/^installed_on: Date/m);
    expect(stdout).toMatch(/^night_capable: Integer\(Boolean\)/m);
  });

  it('reads every camera, paging through the items with next links', async () => {
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-oo', 'PAGE_SIZE=10', '-fields=YES', '-geom=NO', url, 'cameras'], { maxBuffer: 16 * 1024 * 1024 });
    const names = [...stdout.matchAll(/^\s+name \(String\) = (cam \d+)$/gm)].map((m) => m[1]);
    expect(new Set(names).size).toBe(CAMERAS);
  });
});
