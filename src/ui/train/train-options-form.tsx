/**
 * The options of a run, with defaults from DEFAULT_MODEL_CONFIG (the trees' from DEFAULT_GBDT_CONFIG);
 * checked when Train is pressed. The views are checkboxes (one per grouping key), the layout says one model
 * per view or one shared. The model's own fields follow its kind: the networks' shape, epochs and batch size,
 * or the trees' rounds and depth (the trees train per view only, so 'shared' is disabled and says why).
 */
import type { ReactNode } from 'react';
import { isTrees } from '../../core/model/model-config.ts';
import { BACKEND_CHOICES } from '../../workers/train-messages.ts';
import {
  KIND_TITLES,
  LABEL_RULES,
  layoutOf,
  MODEL_KINDS,
  SHARED_LAYOUT_NOTE,
  SPLITS,
  toggleView,
  VIEW_KEYS,
  VIEW_TITLES,
  VIEWS_LAYOUTS,
  type TrainForm,
} from './train-options.ts';
import { useTrain } from './train-store.ts';

type TextKey = {
  [K in keyof TrainForm]: TrainForm[K] extends string ? (string extends TrainForm[K] ? K : never) : never;
}[keyof TrainForm];

export function TrainOptionsForm({ disabled }: { disabled: boolean }): ReactNode {
  const form = useTrain((s) => s.form);
  const setForm = useTrain((s) => s.setForm);
  const text = (key: TextKey, label: string, title?: string): ReactNode => (
    <label title={title}>
      {label}{' '}
      <input
        aria-label={label}
        inputMode="decimal"
        value={form[key]}
        disabled={disabled}
        onChange={(e) => setForm({ [key]: e.target.value })}
      />
    </label>
  );
  const trees = isTrees(form.kind);
  const layout = layoutOf(form);
  const choice = <K extends keyof TrainForm>(
    key: K,
    label: string,
    options: readonly TrainForm[K][],
    title?: string,
    names?: Readonly<Record<string, string>>,
  ): ReactNode => (
    <label title={title}>
      {label}{' '}
      <select
        aria-label={label}
        value={String(form[key])}
        disabled={disabled}
        onChange={(e) => setForm({ [key]: e.target.value } as Partial<TrainForm>)}
      >
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {names?.[String(o)] ?? String(o)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <fieldset className="train-options" disabled={disabled}>
      <legend>Options</legend>
      <div className="train-options-row">
        <span role="group" aria-label="Views" className="train-views">
          Views
          {VIEW_KEYS.map((k) => (
            <label key={k} title={VIEW_TITLES[k]}>
              <input
                type="checkbox"
                checked={form.views.includes(k)}
                disabled={disabled}
                onChange={(e) => setForm({ views: toggleView(form.views, k, e.target.checked) })}
              />{' '}
              {k}
            </label>
          ))}
        </span>
        <label title="per-view: one model per view; shared: one model for every view, the view given as an input">
          Layout{' '}
          <select
            aria-label="Layout"
            value={layout}
            disabled={disabled}
            onChange={(e) => setForm({ layout: e.target.value === 'shared' ? 'shared' : 'per-view' })}
          >
            {VIEWS_LAYOUTS.map((l) => (
              <option key={l} value={l} disabled={trees && l === 'shared'}>
                {l}
              </option>
            ))}
          </select>
        </label>
        {trees && (
          <span className="muted" role="note" aria-label="Layout note">
            {SHARED_LAYOUT_NOTE}
          </span>
        )}
        <label title="Benign traffic of other networks that looks like attacks (health checks, metrics scraping, ping monitoring, ssh automation, ...), labelled benign, for training only: without it a model calls them attacks">
          <input
            type="checkbox"
            checked={form.benignCorpus}
            disabled={disabled}
            onChange={(e) => setForm({ benignCorpus: e.target.checked })}
          />{' '}
          Train also on the benign corpus
        </label>
      </div>
      <div className="train-options-row">
        {choice('kind', 'Model', MODEL_KINDS, undefined, KIND_TITLES)}
        {trees ? (
          <>
            {text(
              'rounds',
              'Rounds',
              'The most trees to build, one per round; stops early when validation loss stops improving',
            )}
            {text('depth', 'Tree depth', 'Levels per tree, 1 to 8 (2^depth leaves)')}
          </>
        ) : (
          <>
            {text('units', 'Units')}
            {text('layers', 'Layers')}
            {text('dropout', 'Dropout')}
            {text('epochs', 'Epochs')}
            {text('batchSize', 'Batch size')}
          </>
        )}
        {text(
          'maxPerClass',
          'Max windows per class',
          trees
            ? 'Training windows drawn per class, once: every tree grows on them'
            : 'Training windows drawn per class each epoch',
        )}
      </div>
      <div className="train-options-row">
        {text('windowSize', 'Window size', '5 to 10 packets')}
        {text('stride', 'Stride')}
        {choice('labelRule', 'Window label', LABEL_RULES)}
        {choice('split', 'Split', SPLITS)}
        {text('seed', 'Seed')}
        {choice('backend', 'Backend', BACKEND_CHOICES)}
      </div>
    </fieldset>
  );
}
