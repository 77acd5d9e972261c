/**
 * Stands in for the `highs` MIP solver in the browser bundle. The shared kernels import it for
 * exact siting, which only the workers run; the what-if preview never reaches it.
 */
export default function loadHighs(): never {
  throw new Error('the exact siting solver (HiGHS) runs in the workers, not in the browser');
}
