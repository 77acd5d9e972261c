import type { LegendEntry } from '../map/map-layer';
import { h } from './dom';

/** A small sample of how a legend entry is drawn (colour and shape); the text says what it is. */
export function swatch(entry: LegendEntry): HTMLElement {
  const style = [`--swatch: ${entry.color}`, entry.stroke ? `--swatch-stroke: ${entry.stroke}` : ''].filter(Boolean).join('; ');
  return h('span', { class: `swatch swatch-${entry.shape}`, style, 'aria-hidden': 'true' });
}
