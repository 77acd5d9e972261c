import { VersionReads } from './version-reads';

/** A reader whose reads finish when the test says so. */
function manualReader() {
  const started: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  let value = 0;
  const read = () => new Promise<number>((resolve, reject) => started.push({ resolve: () => resolve(++value), reject }));
  return { read, started };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('VersionReads', () => {
  it('starts a read for the first caller and shares the next one among callers arriving meanwhile', async () => {
    const { read, started } = manualReader();
    const reads = new VersionReads(read);
    const first = reads.get();
    const second = reads.get();
    const third = reads.get();
    expect(started).toHaveLength(1);
    started[0].resolve(0);
    await expect(first).resolves.toBe(1);
    await tick();
    // The two later callers asked while read 1 was running: they get read 2, started after them.
    expect(started).toHaveLength(2);
    started[1].resolve(0);
    await expect(second).resolves.toBe(2);
    await expect(third).resolves.toBe(2);
  });

  it('never answers a caller with a read that started before it asked', async () => {
    const { read, started } = manualReader();
    const reads = new VersionReads(read);
    void reads.get();
    const late = reads.get();
    started[0].resolve(0);
    await tick();
    started[1].resolve(0);
    await expect(late).resolves.toBe(2);
    // Idle again: the next caller starts a fresh read of its own.
    const after = reads.get();
    expect(started).toHaveLength(3);
    started[2].resolve(0);
    await expect(after).resolves.toBe(3);
  });

  it('passes a failed read to its callers and reads again for the next ones', async () => {
    const { read, started } = manualReader();
    const reads = new VersionReads(read);
    const failing = reads.get();
    const waiting = reads.get();
    started[0].reject(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await tick();
    started[1].resolve(0);
    await expect(waiting).resolves.toBe(1);
  });
});
