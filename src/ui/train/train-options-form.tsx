/**
 * The options of a run, with defaults from DEFAULT_MODEL_CONFIG; checked when Train is pressed. The views
 * are checkboxes (one per grouping key), the layout says one model per view or one shared.
 */
import type { ReactNode } from 'react';
import { BACKEND_CHOICES } from '../../workers/train-messages.ts';
import {
  LABEL_RULES,
  MODEL_KINDS,
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
  const choice = <K extends keyof TrainForm>(
    key: K,
    label: string,
    options: readonly TrainForm[K][],
    title?: string,
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
            {String(o)}
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
        {choice(
          'layout',
          'Layout',
          VIEWS_LAYOUTS,
          'per-view: one model per view; shared: one model for every view, the view given as an input',
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
        {choice('kind', 'Model', MODEL_KINDS)}
        {text('units', 'Units')}
        {text('layers', 'Layers')}
        {text('dropout', 'Dropout')}
        {text('epochs', 'Epochs')}
        {text('batchSize', 'Batch size')}
        {text('maxPerClass', 'Max windows per class', 'Training windows drawn per class each epoch')}
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
