import { readdirSync, readFileSync } from 'node:fs';

/** CPU time (seconds) of the machine's busy cores, of some processes, and of PostgreSQL's processes. */
interface CpuSample {
  busyS: number;
  ofPids: number;
  postgres: number;
}

/** How busy the machine was while something ran: in cores, and by whom. */
export interface CpuUsage {
  /** Cores kept busy on average (of all the machine's). */
  cores: number;
  /** Of which the given processes (the worker processes), and PostgreSQL's. */
  pidsCores: number;
  postgresCores: number;
}

const TICKS_PER_S = 100;

function processSeconds(pid: string): { name: string; seconds: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
    return { name, seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S };
  } catch {
    return null;
  }
}

function sample(pids: readonly number[]): CpuSample {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: all but idle and iowait were busy.
  const busyS = (cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + cpu[7]) / TICKS_PER_S;
  const wanted = new Set(pids.map(String));
  let ofPids = 0;
  let postgres = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const p = processSeconds(pid);
    if (!p) continue;
    if (wanted.has(pid)) ofPids += p.seconds;
    else if (p.name === 'postgres' || p.name === 'postmaster') postgres += p.seconds;
  }
  return { busyS, ofPids, postgres };
}

/**
 * Runs `fn` and reports how many cores were busy meanwhile (Linux /proc, 10 ms ticks: meaningful
 * over runs of a few hundred milliseconds), and how much of that were `pids` and PostgreSQL.
 */
export async function cpuDuring<T>(pids: readonly number[], fn: () => Promise<T>): Promise<{ value: T; cpu: CpuUsage | null }> {
  let before: CpuSample | null = null;
  try {
    before = sample(pids);
  } catch {
    // not Linux: no figures
  }
  const start = process.hrtime.bigint();
  const value = await fn();
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  if (!before) return { value, cpu: null };
  const after = sample(pids);
  return {
    value,
    cpu: { cores: (after.busyS - before.busyS) / wallS, pidsCores: (after.ofPids - before.ofPids) / wallS, postgresCores: (after.postgres - before.postgres) / wallS },
  };
}
