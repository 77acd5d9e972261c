import { isTerminal, type RunView } from '../../api/client';
import { formatNumber, lang, t, type MessageKey } from '../../i18n';
import { h } from '../dom';
import { formFor } from './analysis-forms';

const STATUS_LABELS: Record<RunView['status'], MessageKey> = {
  queued: 'run.queued',
  running: 'run.running',
  succeeded: 'run.succeeded',
  failed: 'run.failed',
  cancelled: 'run.cancelled',
};

function time(iso: string): string {
  return new Date(iso).toLocaleString(lang() === 'ja' ? 'ja-JP' : 'en-GB', { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export interface RunListActions {
  readonly select: (run: RunView) => void;
  readonly cancel: (run: RunView) => void;
}

/** Recent runs, newest first: type, time, status, a progress bar, and show / cancel buttons. */
export function runList(runs: readonly RunView[], selectedId: string | null, actions: RunListActions): HTMLElement {
  if (runs.length === 0) return h('p', { class: 'hint' }, t('runs.none'));
  return h(
    'ul',
    { class: 'run-list', 'aria-label': t('runs.heading') },
    ...runs.map((run) => {
      const pct = Math.round(run.progress * 100);
      const title = t(formFor(run.type).title) === t('analysis.other') ? run.type : t(formFor(run.type).title);
      return h(
        'li',
        { class: `run-item status-${run.status} ${run.id === selectedId ? 'is-selected' : ''}`, 'data-run-id': run.id, 'data-status': run.status },
        h('div', { class: 'run-head' }, h('span', { class: 'run-type' }, title), h('span', { class: 'run-time' }, time(run.createdAt))),
        h(
          'div',
          {
            class: 'progress',
            role: 'progressbar',
            'aria-valuemin': 0,
            'aria-valuemax': 100,
            'aria-valuenow': pct,
            'aria-label': t('run.progressLabel', { type: title }),
          },
          h('span', { class: 'progress-fill', style: `width: ${pct}%` }),
        ),
        h('div', { class: 'run-status' }, h('span', { class: 'run-status-text' }, `${t(STATUS_LABELS[run.status])} · ${formatNumber(pct)}%`), run.error && h('span', { class: 'run-error', role: 'note' }, run.error)),
        h(
          'div',
          { class: 'run-actions' },
          run.status === 'succeeded' &&
            h('button', { type: 'button', class: 'button button-small', 'aria-pressed': String(run.id === selectedId), onclick: () => actions.select(run) }, run.id === selectedId ? t('run.shown') : t('run.show')),
          !isTerminal(run.status) && h('button', { type: 'button', class: 'button button-small', onclick: () => actions.cancel(run) }, t('run.cancel')),
        ),
      );
    }),
  );
}
