/**
 * The detector in and out: export the trained bundle of views, import a bundle (format 1: one model, or 2:
 * views; checked in the worker; a refused file shows why and changes nothing else), and run either over the
 * open capture with its current labels, combined and view by view.
 */
import { useRef, type ReactNode } from 'react';
import { useEngine } from '../explore/engine-context.ts';
import { formatCount, formatSize } from '../format.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import type { BundleInfo } from '../../workers/train-messages.ts';
import { DetectorResults, type DetectorResult } from './detector-results.tsx';
import { metric } from './train-format.ts';
import { currentModel, isRunning, modelTime, useTrain, type Evaluation } from './train-store.ts';

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
    const kind = trained.views[0]?.manifest.model.kind ?? 'model';
    a.download = `${fileName.replace(/\.(csv|gz)+$/i, '').replace(/[^\w.-]+/g, '_')}-${kind}-${trained.views.map((v) => v.name).join('-')}.zip`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="model-files">
      <div className="model-files-row">
        <button type="button" onClick={download} disabled={!trained}>
          Export model (.zip)
        </button>
        <button type="button" onClick={() => input.current?.click()} disabled={importing}>
          Import model…
        </button>
        <input
          ref={input}
          type="file"
          accept=".zip,application/zip"
          hidden
          aria-label="Import model file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
        <button
          type="button"
          disabled={!trained || running || evaluating !== null}
          onClick={() => void evaluate(engine, fileName, 'trained')}
        >
          Evaluate trained model on this capture
        </button>
        {imported && (
          <button
            type="button"
            disabled={running || evaluating !== null}
            onClick={() => void evaluate(engine, fileName, 'imported')}
          >
            Evaluate imported model on this capture
          </button>
        )}
        {(importing || evaluating) && (
          <span role="status" className="muted">
            {importing ? 'Checking the bundle…' : "Evaluating every view on this capture's windows…"}
          </span>
        )}
      </div>
      {importError && (
        <p role="alert" className="filter-error">
          Import refused: {importError}
        </p>
      )}
      {imported && <BundleSummary info={imported.info} fileName={imported.fileName} bytes={imported.bytes} />}
      {evalError && (
        <p role="alert" className="filter-error">
          Evaluation failed: {evalError}
        </p>
      )}
      {evaluation && currentModel({ trained, imported }, evaluation.source)?.id === evaluation.modelId && (
        <CaptureEvaluation evaluation={evaluation} />
      )}
    </div>
  );
}

const supportOf = (r: { perClass: readonly { support: number }[] }): number =>
  r.perClass.reduce((s, c) => s + c.support, 0);

function CaptureEvaluation({ evaluation: e }: { evaluation: Evaluation }): ReactNode {
  const names = e.views.map((v) => v.name).join(', ');
  const results: DetectorResult[] = [
    {
      name: 'Combined',
      ...e.combined,
      curve: null,
      windows: e.combined.report ? supportOf(e.combined.report) : e.combined.windows,
      about: (
        <>
          Any view fires ({names}), as the sensor alerts: each packet that ends a scored window in some view gets the
          most confident attack call any view made there, else benign.
        </>
      ),
    },
    ...e.views.map(
      (v): DetectorResult => ({ name: v.name, ...v.result, curve: null, about: <>The {v.name} view alone.</> }),
    ),
  ];
  return (
    <div aria-label="Capture evaluation" role="group">
      <h3>
        {e.source === 'imported' ? 'Imported' : 'Trained'} model on {e.fileName}
      </h3>
      {e.trainedOnThis && (
        <p role="note" aria-label="Trained on this capture" className="eval-warning">
          This is the capture the model was trained on: its training and validation windows are in these figures, so
          they flatter the model;{' '}
          {e.source === 'trained'
            ? 'the test split figures above are the honest ones.'
            : 'the test macro F1 the bundle records (above) is the honest figure.'}
        </p>
      )}
      <p className="muted">
        Model {modelTime(e.modelCreatedAt)} · {formatCount(e.combined.windows)} windows scored in {e.views.length} view
        {e.views.length === 1 ? '' : 's'} (stride 1) · backend {e.backend.name}
      </p>
      {e.note && <p className="filter-error">{e.note}</p>}
      <DetectorResults label="Capture results" prefix="Capture" where="in this capture" k={e.k} results={results} />
    </div>
  );
}

function BundleSummary({ info, fileName, bytes }: { info: BundleInfo; fileName: string; bytes: number }): ReactNode {
  const first = info.views[0]?.manifest;
  const t = first?.training;
  return (
    <div className="bundle-summary">
      <dl aria-label="Imported model" className="manifest-summary">
        <dt>File</dt>
        <dd>
          {fileName} ({formatSize(bytes)})
        </dd>
        <dt>Format</dt>
        <dd>
          {info.formatVersion === 1
            ? 'one model (format 1), one view'
            : `bundle of ${info.views.length} view${info.views.length === 1 ? '' : 's'} (format ${info.formatVersion}, ${info.layout ?? 'per-view'} layout)`}
        </dd>
        <dt>Views</dt>
        <dd role="group" aria-label="Imported views">
          {info.views.map((v) => v.name).join(', ')}
        </dd>
        <dt>Classes</dt>
        <dd>{info.classes.join(', ')}</dd>
        <dt>Vote</dt>
        <dd>
          more than {info.vote.threshold} of a group's last {info.vote.k} windows
        </dd>
        {first && (
          <>
            <dt>Features</dt>
            <dd>
              {first.featureSpec.packet.length} per packet + {first.featureSpec.perWindow.length} per window (spec v
              {first.featureSpec.version})
            </dd>
          </>
        )}
        {t && (
          <>
            <dt>Trained on</dt>
            <dd>
              {t.fileName} ({formatCount(t.rows)} packets, {t.split} split), {first.createdAt}
            </dd>
          </>
        )}
      </dl>
      <table aria-label="Imported model views" className="data">
        <thead>
          <tr>
            <th>view</th>
            <th>grouped by</th>
            <th>model</th>
            <th className="num">window</th>
            <th>label rule</th>
            <th className="num">windows trained on</th>
            <th className="num">test macro F1</th>
          </tr>
        </thead>
        <tbody>
          {info.views.map(({ name, key, manifest: m }) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{key}</td>
              <td>
                {m.model.kind}, {m.model.layers} × {m.model.units} units
              </td>
              <td className="num">{m.window.size}</td>
              <td>{m.labelRule}</td>
              <td className="num">{formatCount(m.training.windows)}</td>
              <td className="num">{metric(m.training.metrics?.macroF1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
