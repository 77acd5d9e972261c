/** One comparison in the contract's form: `BENCH <name> ours=… baseline=… ratio=… target=… PASS|FAIL`. */
export interface BenchResult {
  name: string;
  oursS: number;
  baselineS: number;
  /** Minimum baseline/ours ratio. */
  target: number;
  /** Extra conditions that must also hold (e.g. results agree); a failing one makes the line FAIL. */
  checks?: { label: string; ok: boolean }[];
}

export function benchLine(r: BenchResult): string {
  const ratio = r.baselineS / r.oursS;
  const ok = ratio >= r.target && (r.checks ?? []).every((c) => c.ok);
  return `BENCH ${r.name} ours=${r.oursS.toFixed(3)} baseline=${r.baselineS.toFixed(3)} ratio=${ratio.toFixed(1)} target=${r.target} ${ok ? 'PASS' : 'FAIL'}`;
}

export function detail(name: string, text: string): void {
  console.log(`  ${name}: ${text}`);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
