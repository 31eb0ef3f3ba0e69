import type { ReactNode } from 'react';
import { useCapture } from '../stores/capture-hooks.ts';
import { formatCount } from '../format.ts';
import { OpenButtons } from './file-input.tsx';

export function AppHeader({ onPick }: { onPick: () => void }): ReactNode {
  const capture = useCapture();
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        <span className="brand-name">nids-workbench</span>
      </div>
      {capture && (
        <div className="header-capture" title={capture.summary.fileName}>
          <span className="header-file">{capture.summary.fileName}</span>
          <span className="muted">{formatCount(capture.summary.rows)} rows</span>
        </div>
      )}
      <OpenButtons onPick={onPick} />
    </header>
  );
}
