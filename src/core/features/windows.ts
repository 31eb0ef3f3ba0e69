/**
 * Windows of N consecutive packets of a group. Rows are put in group order once (a counting sort by group;
 * the table is time-sorted, so each group's rows stay in time order), and a window is a start offset into
 * that order: millions of windows cost one Int32 each, not N row copies.
 */
import type { GroupKey } from './group-key.ts';

export interface WindowSpec {
  readonly key: GroupKey;
  /** Packets per window, 5 to 10 in the users' plan. */
  readonly size: number;
  /** Packets between the ends of consecutive windows of a group (1 = every packet ends a window). */
  readonly stride: number;
}

export interface WindowSet {
  readonly spec: WindowSpec;
  /** Row indices, group by group, each group in time order. */
  readonly order: Int32Array;
  /** Per window: where its rows start in `order` (it holds order[start .. start + size)). */
  readonly starts: Int32Array;
  readonly count: number;
}

/** Group ids per row from their keys (first seen = 0, 1, ...). */
export function groupIds(keys: readonly string[]): { ids: Int32Array; groups: number } {
  const ids = new Int32Array(keys.length);
  const map = new Map<string, number>();
  for (let r = 0; r < keys.length; r++) {
    let id = map.get(keys[r]);
    if (id === undefined) {
      id = map.size;
      map.set(keys[r], id);
    }
    ids[r] = id;
  }
  return { ids, groups: map.size };
}

export function buildWindows(ids: Int32Array, groups: number, spec: WindowSpec): WindowSet {
  const { size, stride } = spec;
  if (!(size >= 1 && stride >= 1))
    throw new Error(`window size and stride must be at least 1 (got ${size}, ${stride})`);
  const counts = new Int32Array(groups + 1);
  for (let r = 0; r < ids.length; r++) counts[ids[r] + 1]++;
  const begin = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) begin[g + 1] = begin[g] + counts[g + 1];
  const fill = begin.slice(0, groups);
  const order = new Int32Array(ids.length);
  for (let r = 0; r < ids.length; r++) order[fill[ids[r]]++] = r;
  let count = 0;
  for (let g = 0; g < groups; g++) {
    const m = counts[g + 1];
    if (m >= size) count += Math.floor((m - size) / stride) + 1;
  }
  const starts = new Int32Array(count);
  let w = 0;
  for (let g = 0; g < groups; g++) {
    const m = counts[g + 1];
    // Windows end at the group's last packet and every stride before it, so the newest packets are always seen.
    const first = m >= size ? (m - size) % stride : m;
    for (let s = first; s + size <= m; s += stride) starts[w++] = begin[g] + s;
  }
  return { spec, order, starts, count };
}

/** The row of a window's last packet. */
export function windowEndRow(ws: WindowSet, w: number): number {
  return ws.order[ws.starts[w] + ws.spec.size - 1];
}

/** A window's class: of its last packet (the default, what a detector sees as it happens) or the majority. */
export function windowLabels(ws: WindowSet, labels: Uint8Array, rule: 'last' | 'majority'): Uint8Array {
  const out = new Uint8Array(ws.count);
  const n = ws.spec.size;
  const tally = new Int32Array(256);
  for (let w = 0; w < ws.count; w++) {
    const s = ws.starts[w];
    if (rule === 'last') {
      out[w] = labels[ws.order[s + n - 1]];
      continue;
    }
    let best = labels[ws.order[s + n - 1]];
    for (let k = 0; k < n; k++) tally[labels[ws.order[s + k]]]++;
    for (let k = 0; k < n; k++) {
      const c = labels[ws.order[s + k]];
      if (tally[c] > tally[best]) best = c;
    }
    for (let k = 0; k < n; k++) tally[labels[ws.order[s + k]]] = 0;
    out[w] = best;
  }
  return out;
}
