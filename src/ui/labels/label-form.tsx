/**
 * "Label these packets": the time range (from a selection dragged on the chart, the chart's zoom when the
 * researcher takes it, or typed: ISO UTC or epoch seconds, as episode logs print them), a filter (the
 * display filter when one is applied, editable here for labelling alone), and one button per class. Each
 * press counts what it would label in the engine first: a wrong filter is shown and labels nothing, and a
 * press that reaches past what the zoomed chart shows asks before labelling. Number keys do the same for
 * the class with that key when a range is set.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FilterError } from '../../core/query/filter-lexer.ts';
import type { TimeRange } from '../../core/labels/rules.ts';
import { useEngine } from '../explore/engine-context.ts';
import { FilterErrorView } from '../explore/filter-error-view.tsx';
import { FilterInput, useFilterNames } from '../explore/filter-input.tsx';
import { useExplore } from '../explore/explore-store.ts';
import { useCapture } from '../stores/capture-hooks.ts';
import { labelRule } from './label-actions.ts';
import { LabelConfirm, type LabelQuestion } from './label-confirm.tsx';
import { beyondView, beyondViewQuestion, labelSpan, rangeText } from './label-scope.ts';
import { useLabels } from './labels-store.ts';
import { formatTimeUs, parseTimeText } from './time-text.ts';

/** The range typed in the form, or why it is not one; null both: the whole capture. */
export function readRange(fromText: string, toText: string): { range: TimeRange | null } | { error: string } {
  if (fromText.trim() === '' && toText.trim() === '') return { range: null };
  const from = parseTimeText(fromText);
  const to = parseTimeText(toText);
  if (from === null) return { error: `"From" is not a time: ${fromText || '(empty)'}` };
  if (to === null) return { error: `"To" is not a time: ${toText || '(empty)'}` };
  if (to <= from) return { error: '"To" must be after "From"' };
  return { range: { fromUs: from, toUs: to } };
}

/** The engine's count of what the form would label; `key` is the form's text it was asked for. */
type Check =
  | { readonly kind: 'none' }
  | { readonly kind: 'running'; readonly key: string }
  | { readonly kind: 'count'; readonly key: string; readonly rows: number }
  | { readonly kind: 'error'; readonly key: string; readonly text: string; readonly error: FilterError }
  | { readonly kind: 'failed'; readonly key: string; readonly message: string };

/** A label press waiting on the researcher's answer. */
interface Pending extends LabelQuestion {
  readonly classId: number;
  readonly filter: string;
  readonly range: TimeRange | null;
  readonly view: TimeRange;
}

const whole = (r: TimeRange): TimeRange => ({ fromUs: Math.round(r.fromUs), toUs: Math.round(r.toUs) });

export function LabelForm(): ReactNode {
  const engine = useEngine();
  const capture = useCapture();
  const selection = useExplore((s) => s.selection);
  const zoom = useExplore((s) => s.range);
  const applied = useExplore((s) => s.applied);
  const appliedAt = useExplore((s) => s.appliedAt);
  const classes = useLabels((s) => s.history[s.index].set.classes);
  const commit = useLabels((s) => s.commit);
  const names = useFilterNames();
  const [fromText, setFromText] = useState('');
  const [toText, setToText] = useState('');
  const [filterText, setFilterText] = useState(applied);
  const [check, setCheck] = useState<Check>({ kind: 'none' });
  const [pending, setPending] = useState<Pending | null>(null);
  const latest = useRef(0);

  // A selection dragged on the chart fills the form; typing afterwards refines it.
  useEffect(() => {
    setFromText(selection ? formatTimeUs(selection.fromUs) : '');
    setToText(selection ? formatTimeUs(selection.toUs) : '');
  }, [selection]);
  // Applying a display filter (Enter, a breakdown row) makes it the filter labels use.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the same filter applied again is taken again
  useEffect(() => setFilterText(applied), [applied, appliedAt]);

  const read = readRange(fromText, toText);
  const filter = filterText.trim();
  // A count or an error is about the text it was asked for: editing the form clears it.
  const key = `${filter}\n${fromText}\n${toText}`;
  const shown = check.kind !== 'none' && check.key === key ? check : null;
  const view = zoom ? whole(zoom) : null;
  const showsZoom =
    view !== null && 'range' in read && read.range?.fromUs === view.fromUs && read.range.toUs === view.toUs;

  /**
   * Asks the engine how many packets the form labels; null when the filter is wrong. Only the latest
   * question's answer is shown, but every press gets its own answer: two quick presses both label.
   */
  const count = async (range: TimeRange | null): Promise<number | null> => {
    const id = ++latest.current;
    const showing = (next: Check): void => {
      if (id === latest.current) setCheck(next);
    };
    showing({ kind: 'running', key });
    try {
      const r = await engine.filter(filter, range);
      if (!r.ok) {
        showing({ kind: 'error', key, text: filter, error: r.error });
        return null;
      }
      showing({ kind: 'count', key, rows: r.rows });
      return r.rows;
    } catch (e) {
      showing({ kind: 'failed', key, message: e instanceof Error ? e.message : String(e) });
      return null;
    }
  };

  const addRule = (classId: number, ruleFilter: string, range: TimeRange | null): void =>
    commit(labelRule(useLabels.getState().current(), classId, ruleFilter, range, range ? 'brush' : 'filter'));

  const label = async (classId: number): Promise<void> => {
    if ('error' in read || pending || !capture) return;
    const range = read.range;
    const rows = await count(range);
    if (rows === null) return;
    const now = useExplore.getState().range;
    const shownRange = now ? whole(now) : null;
    const span = labelSpan(range, { fromUs: capture.summary.firstTimeUs, toUs: capture.summary.lastTimeUs });
    if (shownRange && beyondView(span, shownRange)) {
      const className =
        useLabels
          .getState()
          .current()
          .set.classes.find((c) => c.id === classId)?.name ?? '';
      const text = beyondViewQuestion(rows, range, span, shownRange);
      setPending({ classId, filter, range, view: shownRange, text, className, shown: rangeText(shownRange) });
      return;
    }
    addRule(classId, filter, range);
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if ('range' in read) void count(read.range);
  };

  // Number keys label the range with the class of that key, when the focus is not in a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (!/^[0-9]$/.test(e.key)) return;
      const c = classes[Number(e.key)];
      if (!c || 'error' in read || read.range === null) return;
      e.preventDefault();
      void label(c.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="label-form" role="group" aria-label="Label packets">
      <form className="label-where" onSubmit={submit}>
        <div className="label-range">
          <label>
            From{' '}
            <input
              className="mono"
              aria-label="From"
              placeholder="whole capture"
              value={fromText}
              onChange={(e) => setFromText(e.target.value)}
            />
          </label>
          <label>
            To{' '}
            <input
              className="mono"
              aria-label="To"
              placeholder="whole capture"
              value={toText}
              onChange={(e) => setToText(e.target.value)}
            />
          </label>
          <button
            type="button"
            className="link"
            onClick={() => {
              setFromText('');
              setToText('');
              useExplore.getState().setSelection(null);
            }}
          >
            whole capture
          </button>
          {view && !showsZoom && (
            <button
              type="button"
              className="link"
              onClick={() => {
                setFromText(formatTimeUs(view.fromUs));
                setToText(formatTimeUs(view.toUs));
              }}
            >
              Use zoomed range ({rangeText(view)})
            </button>
          )}
        </div>
        <div className="label-filter">
          <span>Filter</span>
          <FilterInput
            label="Label filter"
            names={names}
            invalid={shown?.kind === 'error'}
            describedBy="label-check"
            placeholder="every packet (the display filter, when applied, comes here)"
            value={filterText}
            onChange={setFilterText}
          />
          <button type="submit">Count</button>
        </div>
      </form>
      <div id="label-check" className="muted" role="group" aria-label="What will be labelled">
        {'error' in read ? (
          <span className="filter-error">{read.error}</span>
        ) : shown?.kind === 'error' ? (
          <FilterErrorView text={shown.text} error={shown.error} />
        ) : (
          <>
            Packets {read.range ? 'in this time range' : 'of the whole capture'}{' '}
            {filter ? (
              <>
                matching <code>{filter}</code>
              </>
            ) : (
              '(no filter: every packet)'
            )}
            {shown?.kind === 'running' && ': counting…'}
            {shown?.kind === 'count' && (
              <>
                : <strong>{shown.rows.toLocaleString('en-US')}</strong> packets
              </>
            )}
            {shown?.kind === 'failed' && <span className="filter-error">: {shown.message}</span>}
          </>
        )}
      </div>
      <div className="label-buttons">
        {classes.map((c, i) => (
          <button
            key={c.id}
            type="button"
            disabled={'error' in read}
            onClick={() => void label(c.id)}
            style={{ borderColor: c.colour }}
          >
            <span className="swatch" style={{ background: c.colour }} />
            Label as {c.name}
            {i <= 9 ? <kbd>{i}</kbd> : null}
          </button>
        ))}
      </div>
      <LabelConfirm
        question={pending}
        onAll={() => {
          if (pending) addRule(pending.classId, pending.filter, pending.range);
          setPending(null);
        }}
        onShown={() => {
          if (pending) addRule(pending.classId, pending.filter, pending.view);
          setPending(null);
        }}
        onCancel={() => setPending(null)}
      />
    </div>
  );
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return (
    tag === 'TEXTAREA' ||
    tag === 'SELECT' ||
    target.isContentEditable ||
    (tag === 'INPUT' && !['checkbox', 'radio', 'button', 'color'].includes((target as HTMLInputElement).type))
  );
}
