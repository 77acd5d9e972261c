/**
 * Queues must not lose jobs: in production Redis has to persist (AOF) and never evict keys.
 * Pure parsing of `INFO persistence` + `INFO memory`, shared by the API and the workers.
 */
export function redisDurabilityProblems(info: string): string[] {
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  const problems: string[] = [];
  if (field('aof_enabled') !== '1') problems.push('append-only persistence is off (set appendonly yes)');
  const policy = field('maxmemory_policy');
  if (policy !== 'noeviction') problems.push(`maxmemory-policy is ${policy ?? 'unknown'} (set maxmemory-policy noeviction)`);
  return problems;
}
