import type { ReactNode } from 'react';
import { useCapture } from '../stores/capture-hooks.ts';
import { formatCount } from '../format.ts';
import { OpenButtons } from './file-input.tsx';

export function AppHeader({ onPick, onShortcuts }: { onPick: () => void; onShortcuts: () => void }): ReactNode {
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
      <button type="button" className="header-help" onClick={onShortcuts} title="Keyboard shortcuts (?)">
        <span aria-hidden="true">?</span>
        <span className="visually-hidden">Keyboard shortcuts</span>
      </button>
    </header>
  );
}
