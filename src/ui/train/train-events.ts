/**
 * What each message of a run does to the panel's state, as a plain function (tested without a worker): the
 * view whose turn it is, each view's split, and the curves, one per model trained (per-view layout: a fresh
 * one when a view starts; shared: one for the whole run).
 */
import type { TrainEvent } from '../../workers/train-client.ts';
import type { TrainState } from './train-store.ts';

/** The curves' name when one shared model trains every view at once. */
export const SHARED_CURVES = 'shared model';

export type RunState = Pick<
  TrainState,
  'phase' | 'layout' | 'backend' | 'view' | 'check' | 'splits' | 'dropped' | 'live' | 'curves' | 'error' | 'trained'
>;

export function applyTrainEvent(s: RunState, e: TrainEvent): Partial<RunState> {
  switch (e.type) {
    case 'train.backend':
      return { backend: e.backend };
    case 'train.view': {
      const view = { index: e.index, count: e.count, name: e.view.name };
      // Shared layout: the views are only being windowed before the one model trains.
      if (s.layout === 'shared') return { view };
      return { view, live: null, curves: [...s.curves, { name: e.view.name, history: [] }] };
    }
    case 'train.check':
      return { check: e.notes };
    case 'train.split':
      return {
        splits: [...s.splits, { view: e.view, split: e.split }],
        dropped: e.dropped,
        phase: s.phase === 'stopping' ? 'stopping' : 'training',
      };
    case 'train.progress': {
      const curves = s.curves.length > 0 ? s.curves : [{ name: SHARED_CURVES, history: [] }];
      if (e.kind === 'batch') return { live: e.progress, curves };
      const last = curves[curves.length - 1];
      return {
        live: e.progress,
        curves: [...curves.slice(0, -1), { ...last, history: [...last.history, e.progress] }],
      };
    }
    case 'train.done':
      return {
        phase: 'done',
        trained: {
          id: e.jobId,
          layout: e.layout,
          report: e.report,
          curve: e.curve,
          alerts: e.alerts,
          views: e.views,
          viewsAsked: e.viewsAsked,
          bundle: e.bundle,
        },
      };
    case 'train.failed':
      return { phase: 'failed', error: e.message };
  }
}
