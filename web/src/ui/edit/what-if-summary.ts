import { formatNumber, t } from '../../i18n';
import type { WhatIfReport } from '../../what-if/what-if-session';
import { h, replaceChildren } from '../dom';

/** The live what-if in words: how much nearby school route the cameras see, now and before the change. */
export function mountWhatIfSummary(): { element: HTMLElement; show(report: WhatIfReport | null): void } {
  const element = h('div', { class: 'what-if-summary', 'data-testid': 'what-if-summary', 'aria-live': 'polite' }, t('whatIf.loading'));
  return {
    element,
    show(report) {
      if (!report) {
        replaceChildren(element, t('whatIf.loading'));
        return;
      }
      const { current, before } = report;
      if (current.lengthM <= 0) {
        replaceChildren(element, h('strong', {}, t('whatIf.heading')), ' ', t('whatIf.noRoutes'));
        return;
      }
      const delta = current.seenPct - before.seenPct;
      replaceChildren(
        element,
        h('strong', {}, t('whatIf.heading')),
        h(
          'span',
          { class: 'what-if-numbers', 'data-seen-pct': current.seenPct.toFixed(1) },
          t('whatIf.seen', { seen: formatNumber(current.seenM), length: formatNumber(current.lengthM), pct: formatNumber(current.seenPct, 1) }),
        ),
        h('span', { class: `what-if-delta ${delta > 0.05 ? 'is-better' : delta < -0.05 ? 'is-worse' : ''}` }, t('whatIf.before', { pct: formatNumber(before.seenPct, 1) })),
      );
    },
  };
}
