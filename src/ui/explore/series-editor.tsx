/**
 * One series of the chart, as a row of controls: shown or not, name, colour, filter, metric (with its field)
 * and split. Text fields take effect on Enter (the chart's form submits); menus at once.
 */
import type { ReactNode } from 'react';
import type { ColumnInfo } from '../../core/ingest/load-report.ts';
import { metricNeedsField, SERIES_METRICS, type SeriesMetric } from '../../core/query/time-series.ts';
import { seriesName } from './chart-lines.ts';
import { useChart, type SeriesSetup } from './chart-store.ts';
import { FilterInput, useFilterNames } from './filter-input.tsx';

const METRIC_NAMES: Readonly<Record<SeriesMetric, string>> = {
  count: 'packets',
  bytes: 'bytes (frame.len)',
  sum: 'sum of',
  mean: 'mean of',
  max: 'max of',
  min: 'min of',
  distinct: 'distinct values of',
};
/** Split fields offered first when the capture has them; any other column follows. */
const SPLITS = [
  'label',
  'attack',
  'alert',
  'frame.protocols',
  'ip.src',
  'ip.dst',
  'ip.proto',
  'tcp.dstport',
  'udp.dstport',
  'tcp.flags',
];
const NOT_NUMBERS = new Set(['ipv4', 'ipv6', 'mac', 'string', 'timetext', 'epoch']);

export interface SeriesEditorProps {
  readonly setup: SeriesSetup;
  readonly index: number;
  readonly columns: readonly ColumnInfo[];
  readonly canRemove: boolean;
}

export function SeriesEditor({ setup, index, columns, canRemove }: SeriesEditorProps): ReactNode {
  const update = useChart((s) => s.updateSeries);
  const remove = useChart((s) => s.removeSeries);
  const patch = (p: Partial<Omit<SeriesSetup, 'id'>>): void => update(setup.id, p);
  const filterNames = useFilterNames();
  // The engine adds the computed `label` column to every capture (replacing a file's own).
  const names = columns.some((c) => c.name === 'label')
    ? columns.map((c) => c.name)
    : [...columns.map((c) => c.name), 'label'];
  const splitChoices = [
    ...SPLITS.filter((f) => names.includes(f)),
    ...names.filter((f) => !SPLITS.includes(f) && f !== 'frame.time_epoch' && f !== 'frame.time').sort(),
  ];
  const numeric = columns.filter((c) => !NOT_NUMBERS.has(c.type)).map((c) => c.name);
  const choicesFor = (m: SeriesMetric): readonly string[] => (m === 'distinct' ? names : numeric);
  const fieldChoices = choicesFor(setup.metric);
  const needsField = metricNeedsField(setup.metric);

  return (
    <div className="series-row" role="group" aria-label={`Series ${index + 1}`}>
      <input
        type="checkbox"
        aria-label="Show series"
        checked={setup.visible}
        onChange={(e) => patch({ visible: e.target.checked })}
      />
      <input
        type="color"
        aria-label="Series colour"
        value={setup.color}
        onChange={(e) => patch({ color: e.target.value })}
      />
      <input
        className="series-name"
        aria-label="Series name"
        // Empty: named after what it plots, shown as the placeholder.
        placeholder={seriesName(setup)}
        value={setup.name}
        onChange={(e) => patch({ name: e.target.value })}
      />
      <FilterInput
        label="Series filter"
        names={filterNames}
        placeholder="Filter for this series, e.g. tcp.seq == 1 (empty: all packets)"
        value={setup.filter}
        onChange={(filter) => patch({ filter })}
      />
      <select
        aria-label="Metric"
        value={setup.metric}
        onChange={(e) => {
          const metric = SERIES_METRICS.find((m) => m === e.target.value) ?? 'count';
          const choices = choicesFor(metric);
          const preferred = metric === 'distinct' ? 'ip.src' : 'frame.len';
          const field = choices.includes(setup.field)
            ? setup.field
            : choices.includes(preferred)
              ? preferred
              : (choices[0] ?? '');
          patch({ metric, field: metricNeedsField(metric) ? field : setup.field });
        }}
      >
        {SERIES_METRICS.map((m) => (
          <option key={m} value={m}>
            {METRIC_NAMES[m]}
          </option>
        ))}
      </select>
      {needsField && (
        <select aria-label="Metric field" value={setup.field} onChange={(e) => patch({ field: e.target.value })}>
          {fieldChoices.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      )}
      <label>
        split by{' '}
        <select aria-label="Split by" value={setup.splitBy} onChange={(e) => patch({ splitBy: e.target.value })}>
          <option value="">nothing</option>
          {splitChoices.map((f) => (
            <option key={f}>{f}</option>
          ))}
        </select>
      </label>
      {canRemove && (
        <button
          type="button"
          className="link"
          aria-label={`Remove series ${index + 1}`}
          onClick={() => remove(setup.id)}
        >
          remove
        </button>
      )}
    </div>
  );
}
