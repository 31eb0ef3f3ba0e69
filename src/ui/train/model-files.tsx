/**
 * The model in and out: export the trained bundle, import one (checked in the worker; a refused file shows
 * why and changes nothing else), and run either model over the open capture with its current labels.
 */
import { useRef, type ReactNode } from 'react';
import type { Manifest } from '../../core/model/bundle.ts';
import { useEngine } from '../explore/engine-context.ts';
import { formatCount } from '../format.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { MetricsView } from './metrics-view.tsx';
import { metric } from './train-format.ts';
import { isRunning, useTrain } from './train-store.ts';

export function ModelFiles(): ReactNode {
  const engine = useEngine();
  const fileName = useCapture()?.summary.fileName ?? 'capture';
  const trained = useTrain((s) => s.trained);
  const imported = useTrain((s) => s.imported);
  const importError = useTrain((s) => s.importError);
  const importing = useTrain((s) => s.importing);
  const evaluating = useTrain((s) => s.evaluating);
  const evaluation = useTrain((s) => s.evaluation);
  const evalError = useTrain((s) => s.evalError);
  const running = useTrain(isRunning);
  const importFile = useTrain((s) => s.importFile);
  const evaluate = useTrain((s) => s.evaluate);
  const input = useRef<HTMLInputElement>(null);

  const download = (): void => {
    if (!trained) return;
    const url = URL.createObjectURL(new Blob([trained.bundle as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${fileName.replace(/\.(csv|gz)+$/i, '').replace(/[^\w.-]+/g, '_')}-${trained.manifest.model.kind}.zip`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="model-files">
      <div className="model-files-row">
        <button type="button" onClick={download} disabled={!trained}>Export model (.zip)</button>
        <button type="button" onClick={() => input.current?.click()} disabled={importing}>Import model…</button>
        <input ref={input} type="file" accept=".zip,application/zip" hidden aria-label="Import model file"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }} />
        <button type="button" disabled={!trained || running || evaluating !== null} onClick={() => void evaluate(engine, fileName, 'trained')}>Evaluate trained model on this capture</button>
        {imported && <button type="button" disabled={running || evaluating !== null} onClick={() => void evaluate(engine, fileName, 'imported')}>Evaluate imported model on this capture</button>}
        {(importing || evaluating) && <span role="status" className="muted">{importing ? 'Checking the bundle…' : 'Evaluating every window of this capture…'}</span>}
      </div>
      {importError && <p role="alert" className="filter-error">Import refused: {importError}</p>}
      {imported && <ManifestSummary manifest={imported.manifest} fileName={imported.fileName} />}
      {evalError && <p role="alert" className="filter-error">Evaluation failed: {evalError}</p>}
      {evaluation && (
        <div aria-label="Capture evaluation" role="group">
          <h3>{evaluation.source === 'imported' ? 'Imported' : 'Trained'} model on {evaluation.fileName}</h3>
          <p className="muted">{formatCount(evaluation.windows)} windows (stride 1) · backend {evaluation.backend.name}</p>
          {evaluation.note && <p className="filter-error">{evaluation.note}</p>}
          {evaluation.report ? <MetricsView report={evaluation.report} curve={evaluation.curve} prefix="Capture" /> : <p>No labels to score against.</p>}
        </div>
      )}
    </div>
  );
}

function ManifestSummary({ manifest: m, fileName }: { manifest: Manifest; fileName: string }): ReactNode {
  const t = m.training;
  return (
    <dl aria-label="Imported model" className="manifest-summary">
      <dt>File</dt><dd>{fileName}</dd>
      <dt>Model</dt><dd>{m.model.kind}, {m.model.layers} × {m.model.units} units</dd>
      <dt>Classes</dt><dd>{m.classes.join(', ')}</dd>
      <dt>Windows</dt><dd>{m.window.size} packets grouped by {m.window.key}, label rule {m.labelRule}</dd>
      <dt>Features</dt><dd>{m.featureSpec.packet.length} per packet + {m.featureSpec.perWindow.length} per window (spec v{m.featureSpec.version})</dd>
      <dt>Trained on</dt><dd>{t.fileName} ({formatCount(t.rows)} packets, {formatCount(t.windows)} windows, {t.split} split), {m.createdAt}</dd>
      <dt>Test macro F1</dt><dd>{metric(t.metrics?.macroF1)}</dd>
    </dl>
  );
}
