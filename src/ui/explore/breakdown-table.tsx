/**
 * One breakdown table (a TableModel) as a real <table>: numbers right-aligned, "other" and "(missing)" set
 * apart, a CSV button for exactly these rows, and rows that add their value to the display filter when
 * clicked. Capture values are React text nodes only.
 */
import { memo, type ReactNode } from 'react';
import { downloadText } from './breakdown-download.ts';
import { cellText, modelCsv, type CellKind, type TableModel, type TableRow } from './breakdown-table-model.ts';

const NUMERIC: ReadonlySet<CellKind> = new Set<CellKind>(['count', 'percent', 'duration']);
const CELL_CLASS: Readonly<Record<CellKind, string | undefined>> = {
  text: undefined,
  value: 'value',
  count: 'num',
  percent: 'num',
  duration: 'num',
  time: 'time mono',
};

/** A control that labels the packets of a row (its clause); `name` says which row, for its accessible name. */
export type RowLabeller = (clause: string, name: string) => ReactNode;

interface Props {
  readonly model: TableModel;
  readonly onNarrow: (clause: string) => void;
  readonly labeller?: RowLabeller;
}

export const BreakdownTable = memo(function BreakdownTable({ model, onNarrow, labeller }: Props): ReactNode {
  const { label, note, columns, rows } = model;
  const labelling = model.labelRows && labeller ? labeller : undefined;
  return (
    <table className="data breakdown-table" aria-label={label}>
      <caption>
        {label}
        {note && <span className="caption-note">{note}</span>}
        <button
          type="button"
          className="breakdown-csv"
          aria-label={`Download ${label} as CSV`}
          disabled={rows.length === 0}
          onClick={() => downloadText(model.file, modelCsv(model))}
        >
          CSV
        </button>
      </caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col" className={NUMERIC.has(c.kind) ? 'num' : undefined}>
              {c.header}
            </th>
          ))}
          {labelling && <th scope="col">Label</th>}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="muted">
              no packets
            </td>
          </tr>
        )}
        {rows.map((row) => (
          <BreakdownRow key={row.key} model={model} row={row} onNarrow={onNarrow} labeller={labelling} />
        ))}
      </tbody>
    </table>
  );
});

function BreakdownRow({
  model,
  row,
  onNarrow,
  labeller,
}: {
  model: TableModel;
  row: TableRow;
  onNarrow: (clause: string) => void;
  labeller?: RowLabeller;
}): ReactNode {
  const { clause } = row;
  const [first, ...rest] = row.cells.map((c, i) => cellText(model.columns[i].kind, c));
  const firstKind = model.columns[0].kind;
  const className =
    [clause ? 'clickable' : '', row.summary ? 'breakdown-rest' : ''].filter(Boolean).join(' ') || undefined;
  const add = clause ? `Add ${clause} to the filter` : undefined;
  return (
    // The whole row takes a mouse click; keyboard users reach the same action through the button in the
    // first cell, whose click (Enter, Space) bubbles up to this one handler.
    <tr className={className} onClick={clause ? () => onNarrow(clause) : undefined}>
      <th
        scope="row"
        className={firstKind === 'value' ? 'value' : undefined}
        style={row.depth ? { paddingLeft: `${8 + 16 * row.depth}px` } : undefined}
      >
        {clause ? (
          <button type="button" className="link breakdown-add" aria-label={add} title={add}>
            {first}
          </button>
        ) : (
          first
        )}
      </th>
      {rest.map((text, i) => {
        const kind = model.columns[i + 1].kind;
        return (
          <td key={model.columns[i + 1].header} className={CELL_CLASS[kind]}>
            {text}
          </td>
        );
      })}
      {labeller && (
        <td>
          {clause
            ? labeller(clause, [first, ...rest.slice(0, model.columns[1].kind === 'value' ? 1 : 0)].join(' – '))
            : null}
        </td>
      )}
    </tr>
  );
}
