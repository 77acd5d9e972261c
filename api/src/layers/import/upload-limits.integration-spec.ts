import type { Role } from '@mimamori/db';
import { DEMO_DATA_DIR } from '@mimamori/db';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTestApp, TestApp } from '../../testing/test-app';

const LIMIT = 16 * 1024 * 1024;
const ESTAT = resolve(DEMO_DATA_DIR, '..', 'estat-2015-blocks');

/**
 * POSTs a multipart upload of `size` bytes generated on the fly (never held in memory), with a
 * Content-Length or chunked; resolves with the status and the JSON body of the answer.
 */
function streamUpload(port: number, path: string, token: string, size: number, withLength: boolean): Promise<{ status: number; body: Record<string, unknown> }> {
  const boundary = 'mimamori-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const headers: Record<string, string | number> = { 'Content-Type': `multipart/form-data; boundary=${boundary}`, Authorization: token };
  if (withLength) headers['Content-Length'] = head.length + size + tail.length;
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(1 << 20, 'lat,lon,name\n35.7,139.7,x\n');
    let sent = 0;
    // Like curl, stop sending once the server has answered.
    req.on('response', () => (sent = size));
    const pump = () => {
      while (sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    req.write(head);
    pump();
  });
}

describe('upload limits and unsafe archives (real PostGIS)', () => {
  let t: TestApp;
  let port: number;
  const auth = async (role: Role = 'planner') => `Bearer ${await t.tokenFor(role)}`;
  const count = async (table: string): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const post = async (layer: string, file: Buffer, name: string, query = '') =>
    t.http().post(`/api/layers/${layer}/import${query}`).set('Authorization', await auth()).attach('file', file, name);

  beforeAll(async () => {
    t = await createTestApp({ maxUploadBytes: LIMIT });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it.each([
    ['with a Content-Length', true],
    ['chunked, without a length', false],
  ])('answers a streamed 300 MB upload %s with 413 naming the limit, and imports nothing', async (_how, withLength) => {
    const before = await count('layer_cameras');
    const res = await streamUpload(port, '/api/layers/cameras/import', await auth(), 300 * 1024 * 1024, withLength as boolean);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('limit of 16 MiB (MAX_UPLOAD_BYTES)'), details: { limitBytes: LIMIT } });
    expect(await count('layer_cameras')).toBe(before);
  });

  it('refuses an archive with a "../" entry (zip slip), naming it, before extracting anything', async () => {
    const zip = Buffer.from(zipSync({ 'blocks/a.csv': Buffer.from('lat,lon\n'), '../../evil.csv': Buffer.from('x') }));
    const res = await post('cameras', zip, 'evil.zip');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'UNSAFE_ARCHIVE', details: { entry: '../../evil.csv' } });
    expect(res.body.message).toBe('the archive entry "../../evil.csv" points outside the archive (".."); nothing was extracted');
  });

  it('refuses an archive entry with an absolute path', async () => {
    const res = await post('cameras', Buffer.from(zipSync({ '/etc/cron.d/x.csv': Buffer.from('x') })), 'abs.zip');
    expect(res.body).toMatchObject({ code: 'UNSAFE_ARCHIVE', details: { entry: '/etc/cron.d/x.csv' } });
  });

  it('refuses a zip bomb by its declared size: 200 MB of zeros in a few hundred kB', async () => {
    const parts: Uint8Array[] = [];
    const zip = new Zip((err, data) => {
      if (err) throw err;
      parts.push(data);
    });
    const entry = new ZipDeflate('zeros.csv', { level: 9 });
    zip.add(entry);
    const zeros = new Uint8Array(1 << 20);
    for (let i = 0; i < 200; i++) entry.push(zeros, i === 199);
    zip.end();
    const bomb = Buffer.concat(parts);
    expect(bomb.length).toBeLessThan(LIMIT / 16);
    const res = await post('cameras', bomb, 'bomb.zip');
    expect(res.body).toMatchObject({ code: 'UNSAFE_ARCHIVE', details: { entry: 'zeros.csv' } });
    expect(res.body.message).toMatch(/expands to more than 160 MiB/);
  });

  it('refuses an archive of more than 1000 entries', async () => {
    const files = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`f${i}.txt`, Buffer.from('x')]));
    const res = await post('cameras', Buffer.from(zipSync(files)), 'many.zip');
    expect(res.body).toMatchObject({ code: 'UNSAFE_ARCHIVE', message: 'the archive has 1001 entries; at most 1000 are accepted' });
  });

  it('refuses a Shapefile without its .dbf, naming the missing part', async () => {
    const parts = Object.fromEntries(['shp', 'shx', 'prj'].map((ext) => [`h27ka13104.${ext}`, readFileSync(join(ESTAT, `h27ka13104.${ext}`))]));
    const before = await count('layer_blocks');
    const res = await post('blocks', Buffer.from(zipSync(parts)), 'h27ka13104.zip');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_FILE', details: { part: 'h27ka13104.dbf' } });
    expect(res.body.message).toMatch(/^the Shapefile "h27ka13104\.shp" has no \.dbf in the archive/);
    expect(await count('layer_blocks')).toBe(before);
  });

  it('rejects a self-intersecting polygon from a CSV WKT column with the point PostGIS names', async () => {
    const csv = ['code,name,wkt', 'B1,一,"POLYGON((139.70 35.70,139.71 35.70,139.71 35.71,139.70 35.71,139.70 35.70))"', 'B2,二,"POLYGON((139.70 35.70,139.71 35.71,139.71 35.70,139.70 35.71,139.70 35.70))"'].join('\n');
    const before = await count('layer_beats');
    const res = await t.http().post('/api/layers/beats/import').set('Authorization', await auth('police')).attach('file', Buffer.from(csv), 'beats.csv');
    expect(res.body.details.rejected).toEqual([{ row: 3, code: 'INVALID_GEOMETRY', field: 'geometry', reason: expect.stringMatching(/Self-intersection\[139\.705 35\.705\]/) }]);
    expect(await count('layer_beats')).toBe(before);
  });
});
