import { redisDurabilityProblems } from './redis-durability';

describe('redisDurabilityProblems', () => {
  it('accepts AOF with noeviction', () => {
    expect(redisDurabilityProblems('# Persistence\r\naof_enabled:1\r\n# Memory\r\nmaxmemory_policy:noeviction\r\n')).toEqual([]);
  });

  it('names every missing setting', () => {
    expect(redisDurabilityProblems('aof_enabled:0\r\nmaxmemory_policy:allkeys-lru\r\n')).toEqual([
      'append-only persistence is off (set appendonly yes)',
      'maxmemory-policy is allkeys-lru (set maxmemory-policy noeviction)',
    ]);
  });
});
