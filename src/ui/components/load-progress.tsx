import type { ReactNode } from 'react';
import { useCaptureActions, useLoad } from '../stores/capture-hooks.ts';
import { formatCount, formatMB, formatTimeLeft } from '../format.ts';

const ONE_DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The running load: a progress bar and its figures. Renders nothing unless a load is running. */
export function LoadProgress(): ReactNode {
  const load = useLoad();
  const { cancelLoad } = useCaptureActions();
  if (load.status !== 'loading') return null;
  const p = load.progress;
  const pct = p && p.bytesTotal > 0 ? Math.min(100, Math.round((100 * p.bytesRead) / p.bytesTotal)) : 0;
  const phase = !p ? 'starting' : p.phase === 'reading' ? 'reading and parsing' : 'merging and sorting by time';
  return (
    <section className="load-progress" aria-label="Load progress">
      <div className="load-title">
        <span>
          Loading <strong>{load.fileName}</strong>
        </span>
        <button type="button" onClick={cancelLoad}>
          Cancel
        </button>
      </div>
      <div
        className="bar"
        role="progressbar"
        aria-label={`Loading ${load.fileName}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <div className="bar-fill" style={{ transform: `scaleX(${pct / 100})` }} />
      </div>
      <dl className="load-figures">
        <div>
          <dt>Read</dt>
          <dd>{p ? `${formatMB(p.bytesRead)} of ${formatMB(p.bytesTotal)} (${pct}%)` : '—'}</dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd>{p ? formatCount(p.rows) : '—'}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{p ? `${ONE_DECIMAL.format(p.mbPerSecond)} MB/s` : '—'}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{p ? formatTimeLeft(p.secondsLeft) : '—'}</dd>
        </div>
        <div>
          <dt>Phase</dt>
          <dd>{phase}</dd>
        </div>
      </dl>
    </section>
  );
}
