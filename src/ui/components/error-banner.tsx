import type { ReactNode } from 'react';
import { useCaptureActions, useLoad } from '../stores/capture-hooks.ts';

/** Why the last load failed. The capture open before it stays open underneath. */
export function ErrorBanner(): ReactNode {
  const load = useLoad();
  const { dismissError } = useCaptureActions();
  if (load.status !== 'error') return null;
  return (
    <div className="error-banner" role="alert">
      <div className="error-text">
        <div className="error-title">
          Could not open <strong>{load.fileName}</strong>
        </div>
        <div className="error-message">{load.message}</div>
        {load.where && <div className="error-where">at {load.where}</div>}
      </div>
      <button type="button" onClick={dismissError}>
        Dismiss
      </button>
    </div>
  );
}
