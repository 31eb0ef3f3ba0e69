/**
 * Before any model trains: which labelled classes the split leaves without validation or test windows, in
 * which views, said in words with what to do. A class with no test windows is trained on but never
 * measured (its row in the report reads 0 with support 0), so the researcher hears it before the run, not
 * from a pink cell after it.
 *
 * The counts are the capture's own windows cut as training cuts them (the row split of train-views.ts, each
 * view's windows taking their rows' part), without features: grouping and windowing only, so it is quick.
 * The copies training appends (variants, benign corpus) are training rows only and change no count here.
 */
import { groupKeyOf } from '../features/group-key.ts';
import { packetColumns } from '../features/packet-columns.ts';
import { GAP, TEST, VALIDATION, type SplitStrategy } from '../features/splits.ts';
import { buildWindows, groupIds, windowLabels } from '../features/windows.ts';
import { BENIGN_CLASS, type TrainRequest } from './pipeline.ts';
import { rowPartsOf, type ViewSpec } from './train-views.ts';

export interface ViewSplitCounts {
  readonly view: string;
  /** counts[part][class] windows: training, validation, test. */
  readonly counts: readonly (readonly number[])[];
}

export type SplitCheckRequest = Pick<
  TrainRequest,
  'table' | 'rowLabels' | 'classes' | 'split' | 'episodes' | 'labelRule'
>;

/** Each view's windows per class in each part of the row split training will draw. */
export function viewSplitCounts(
  req: SplitCheckRequest,
  views: readonly ViewSpec[],
  size: number,
  stride: number,
): ViewSplitCounts[] {
  const rowParts = rowPartsOf(req);
  const cols = packetColumns(req.table);
  const rows = req.table.rowCount;
  return views.map((view) => {
    const keys = new Array<string>(rows);
    for (let r = 0; r < rows; r++) keys[r] = groupKeyOf(cols, r, view.key);
    const { ids, groups } = groupIds(keys);
    const ws = buildWindows(ids, groups, { key: view.key, size, stride });
    const labels = windowLabels(ws, req.rowLabels, req.labelRule);
    const counts = [0, 1, 2].map(() => new Array<number>(req.classes.length).fill(0));
    for (let w = 0; w < ws.count; w++) {
      const s = ws.starts[w];
      let part = rowParts[ws.order[s]];
      for (let k = 1; k < size && part !== GAP; k++) if (rowParts[ws.order[s + k]] !== part) part = GAP;
      if (part !== GAP) counts[part][labels[w]]++;
    }
    return { view: view.name, counts };
  });
}

/** What to do about a class the split leaves unmeasured, for each split. */
export function splitAdvice(strategy: SplitStrategy): string {
  switch (strategy) {
    case 'per-class':
      return (
        'Label more packets of it, over a longer stretch of its attack (each class is cut 70/15/15 in its own ' +
        'time, and a window needs all its packets on one side of a cut), or choose a smaller window size.'
      );
    case 'plain':
      return (
        'The plain split cuts the capture once in time (70/15/15), so a class seen only early misses the later ' +
        'parts: choose the per-class split, or label more of it later in the capture.'
      );
    case 'by-episode':
      return (
        'The by-episode split keeps each episode (a run with no 60 s pause) whole on one side, so a class needs ' +
        '3 episodes to be validated and tested: label more episodes of it, or choose the per-class split.'
      );
  }
}

/**
 * One sentence per attack class that has no validation or no test windows in some view: how many packets it
 * has, where it falls short, and what to do. Empty when every class is measured everywhere.
 */
export function splitCheckNotes(
  classes: readonly string[],
  rowLabels: Uint8Array,
  perView: readonly ViewSplitCounts[],
  strategy: SplitStrategy,
): string[] {
  const packets = new Array<number>(classes.length).fill(0);
  for (let r = 0; r < rowLabels.length; r++) packets[rowLabels[r]]++;
  const notes: string[] = [];
  classes.forEach((name, c) => {
    if (c === BENIGN_CLASS || packets[c] === 0) return;
    const noVal = perView.filter((v) => v.counts[VALIDATION][c] === 0).map((v) => v.view);
    const noTest = perView.filter((v) => v.counts[TEST][c] === 0).map((v) => v.view);
    if (noVal.length === 0 && noTest.length === 0) return;
    const parts: string[] = [];
    const same = noVal.length === noTest.length && noVal.every((v, i) => v === noTest[i]);
    if (same) parts.push(`no validation and no test windows ${inViews(noVal, perView.length)}`);
    else {
      if (noVal.length) parts.push(`no validation windows ${inViews(noVal, perView.length)}`);
      if (noTest.length) parts.push(`no test windows ${inViews(noTest, perView.length)}`);
    }
    const measured = noTest.length === perView.length ? 'it would be trained on but not measured' : '';
    const of = `${packets[c].toLocaleString('en-US')} packet${packets[c] === 1 ? '' : 's'}`;
    notes.push(
      `${name} (${of} labelled) has ${parts.join(' and ')}${measured ? `: ${measured}` : ''}. ${splitAdvice(strategy)}`,
    );
  });
  return notes;
}

function inViews(views: readonly string[], of: number): string {
  if (views.length === of && of > 1) return `in any view (${views.join(', ')})`;
  return `in the ${views.join(', ')} view${views.length === 1 ? '' : 's'}`;
}
