/**
 * Keeps three things in step: the open capture (its fingerprint picks the saved history), the labels store
 * (the user's actions) and the engine (the label column every view reads). Saving is debounced; a failed
 * save switches to "memory only" and says why, without losing the labels.
 */
import { useEffect } from 'react';
import { useCapture } from '../stores/capture-hooks.ts';
import { useEngine } from '../explore/engine-context.ts';
import { loadLabels, saveLabels } from './label-storage.ts';
import { useLabels } from './labels-store.ts';

const SAVE_DELAY_MS = 250;

export function useLabelSync(): void {
  const engine = useEngine();
  const capture = useCapture();
  const version = capture?.version ?? 0;
  const fileName = capture?.summary.fileName ?? '';
  const fingerprint = useLabels((s) => s.fingerprint);
  const history = useLabels((s) => s.history);
  const index = useLabels((s) => s.index);
  const state = history[index];

  // A capture opened: find its saved labels by content, not by name.
  useEffect(() => {
    if (!version) return;
    let live = true;
    const store = useLabels.getState();
    // Labels the browser could not save live only here: kept when the same capture comes back (a reopen after
    // the engine stopped); saved ones come back from storage.
    const unsaved =
      store.storage.kind === 'memory' && store.fingerprint
        ? { fingerprint: store.fingerprint, history: store.history, index: store.index }
        : null;
    store.open('', null, 0);
    useLabels.setState({ fingerprint: null });
    engine.fingerprint().then(
      async ({ fingerprint: fp }) => {
        let saved = null;
        try {
          saved = await loadLabels(fp);
          if (live) store.setStorage({ kind: 'saved' });
        } catch (e) {
          if (live) store.setStorage({ kind: 'memory', reason: e instanceof Error ? e.message : String(e) });
        }
        if (!live) return;
        if (unsaved?.fingerprint === fp) store.open(fp, unsaved.history, unsaved.index);
        else store.open(fp, saved?.history ?? null, saved?.index ?? 0);
      },
      () => undefined,
    ); // the engine stopped: its banner says so, and reopening the capture runs this again
    return () => {
      live = false;
    };
  }, [engine, version]);

  // Every state change reaches the engine; only the newest answer is kept.
  useEffect(() => {
    if (!fingerprint) return;
    let live = true;
    engine.labels(state).then(
      (outcome) => {
        if (live) useLabels.getState().setOutcome(outcome);
      },
      // The engine stopped: counts from before would pass for this state's.
      () => {
        if (live) useLabels.getState().setOutcome(null);
      },
    );
    return () => {
      live = false;
    };
  }, [engine, fingerprint, state]);

  useEffect(() => {
    if (!fingerprint) return;
    const store = useLabels.getState();
    if (store.storage.kind === 'memory') return;
    store.setStorage({ kind: 'pending' });
    const timer = setTimeout(() => {
      saveLabels({ fingerprint, fileName, savedAt: Date.now(), history, index }).then(
        () => {
          if (useLabels.getState().storage.kind === 'pending') useLabels.getState().setStorage({ kind: 'saved' });
        },
        (e: unknown) =>
          useLabels.getState().setStorage({ kind: 'memory', reason: e instanceof Error ? e.message : String(e) }),
      );
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [fingerprint, fileName, history, index]);
}
