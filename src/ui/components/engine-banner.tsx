/**
 * Says that the engine worker stopped (the open capture can no longer be queried) and why, what became of
 * the labels, and offers to load the capture again, which starts a fresh engine.
 */
import type { ReactNode } from 'react';
import { useLabels } from '../labels/labels-store.ts';
import { useCaptureActions, useEngineStop, useHasCapture, useLoadStatus } from '../stores/capture-hooks.ts';

export function EngineBanner(): ReactNode {
  const reason = useEngineStop();
  const hasCapture = useHasCapture();
  const loading = useLoadStatus() === 'loading';
  const unsaved = useLabels((s) => s.storage.kind === 'memory');
  const { reopenCapture } = useCaptureActions();
  if (reason === null) return null;
  const labels = !hasCapture
    ? 'Open a capture to start it again.'
    : unsaved
      ? 'Your labels are kept in this tab (this browser could not save them); reopening keeps them.'
      : 'Your labels are saved in this browser; reopening the capture brings them back.';
  return (
    <div className="error-banner" role="alert" aria-label="Analysis engine stopped">
      <div className="error-text">
        <div className="error-title">The analysis engine stopped: {reason}</div>
        <div className="error-message">{labels}</div>
      </div>
      {hasCapture && (
        <button type="button" className="primary" onClick={reopenCapture} disabled={loading}>
          {loading ? 'Reopening…' : 'Reopen capture'}
        </button>
      )}
    </div>
  );
}
