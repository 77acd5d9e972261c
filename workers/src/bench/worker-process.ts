import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A real worker process (`node workers/dist/main.js`) for benchmarks, with its peak memory. */
export interface WorkerProcess {
  child: ChildProcess;
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [join(__dirname, '../main.js')], {
    // Bench jobs are throw-away: the local Redis need not be durable (a production setting).
    env: { ...process.env, REQUIRE_DURABLE_REDIS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/worker ready/i.test(output)) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready:\n${output}`)));
  });
  await ready;
  let peak = 0;
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // the process has exited
    }
  };
  const timer = setInterval(sample, 200);
  return {
    child,
    peakRssMb: () => {
      sample();
      return peak;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        sample();
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
