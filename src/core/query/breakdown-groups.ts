/**
 * Turns a column into small dense group numbers per row, so that totals per value are typed-array
 * additions instead of a Map entry per row (a random-source flood has millions of distinct addresses).
 *
 * Cost, for m selected rows of the span: strings use their dictionary codes as they are (O(m)); 8- and
 * 16-bit integers index a 256/65536 table (O(m)); 32-bit integers and floats sort the selected values once
 * and binary-search each row (O(m log m) time, O(m) memory).
 */
import { formatIpv4 } from '../ingest/parse-bytes.ts';
import type { FieldType } from '../ingest/field-catalogue.ts';
import { findColumn, type Column, type PacketTable } from '../table/packet-table.ts';
import type { RowMask, RowSpan } from './bins-range.ts';

/** In `RowGroups.ids`: the row is selected but has no value for the field. */
export const MISSING_GROUP = -1;
/** In `RowGroups.ids`: the mask drops the row. */
export const SKIPPED_ROW = -2;

export interface RowGroups {
  /** Per row of the span (index r - start): a group in [0, groupCount), MISSING_GROUP or SKIPPED_ROW. */
  readonly ids: Int32Array;
  /** Groups are numbered below this; some may have no rows in the span. */
  readonly groupCount: number;
  /** A group's value as text: formatted IPv4, decoded dictionary text, decimal for numbers. */
  readonly label: (id: number) => string;
  /** A group's value as a number (NaN for text). */
  readonly value: (id: number) => number;
}

/** The groups of `field` over the selected rows of the span; a field the table lacks is missing everywhere. */
export function groupRows(table: PacketTable, field: string, span: RowSpan, mask: RowMask): RowGroups {
  const c = findColumn(table, field);
  const { start, end } = span;
  const ids = new Int32Array(Math.max(0, end - start));
  const none: RowGroups = { ids, groupCount: 0, label: () => '', value: () => NaN };
  if (!c) return fillMissing(none, mask, start);
  switch (c.kind) {
    case 'time':
      return fillMissing(none, mask, start);
    case 'string': {
      const { codes, dict } = c;
      for (let r = start; r < end; r++) ids[r - start] = mask && mask[r] === 0 ? SKIPPED_ROW : codes[r] - 1;
      return { ids, groupCount: Math.max(0, dict.length - 1), label: (id) => dict[id + 1], value: () => NaN };
    }
    case 'int': {
      const { values, present, type } = c;
      if (!(values instanceof Uint32Array)) {
        for (let r = start; r < end; r++) {
          ids[r - start] =
            mask && mask[r] === 0 ? SKIPPED_ROW : present[r >>> 3] & (1 << (r & 7)) ? values[r] : MISSING_GROUP;
        }
        return {
          ids,
          groupCount: values instanceof Uint8Array ? 256 : 65536,
          label: (id) => intLabel(type, id),
          value: (id) => id,
        };
      }
      const keys = sortedUnique(values, present, span, mask);
      for (let r = start; r < end; r++) {
        ids[r - start] =
          mask && mask[r] === 0
            ? SKIPPED_ROW
            : present[r >>> 3] & (1 << (r & 7))
              ? searchU32(keys, values[r])
              : MISSING_GROUP;
      }
      return { ids, groupCount: keys.length, label: (id) => intLabel(type, keys[id]), value: (id) => keys[id] };
    }
    case 'float': {
      const { values } = c;
      const keys = sortedUniqueFloat(values, span, mask);
      for (let r = start; r < end; r++) {
        const v = values[r];
        ids[r - start] = mask && mask[r] === 0 ? SKIPPED_ROW : Number.isNaN(v) ? MISSING_GROUP : searchF64(keys, v);
      }
      return { ids, groupCount: keys.length, label: (id) => String(keys[id]), value: (id) => keys[id] };
    }
    default: {
      const never: never = c;
      throw new Error(`unknown column kind ${String(never)}`);
    }
  }
}

function fillMissing(g: RowGroups, mask: RowMask, start: number): RowGroups {
  const { ids } = g;
  for (let i = 0; i < ids.length; i++) ids[i] = mask && mask[start + i] === 0 ? SKIPPED_ROW : MISSING_GROUP;
  return g;
}

export function intLabel(type: FieldType, v: number): string {
  return type === 'ipv4' ? formatIpv4(v) : String(v);
}

/** The distinct present values of the selected rows, ascending. */
export function sortedUnique(values: Uint32Array, present: Uint8Array, span: RowSpan, mask: RowMask): Uint32Array {
  const buf = new Uint32Array(Math.max(0, span.end - span.start));
  let n = 0;
  for (let r = span.start; r < span.end; r++) {
    if ((mask && mask[r] === 0) || !(present[r >>> 3] & (1 << (r & 7)))) continue;
    buf[n++] = values[r];
  }
  return uniqueInPlace(buf.subarray(0, n).sort());
}

function sortedUniqueFloat(values: Float64Array, span: RowSpan, mask: RowMask): Float64Array {
  const buf = new Float64Array(Math.max(0, span.end - span.start));
  let n = 0;
  for (let r = span.start; r < span.end; r++) {
    const v = values[r];
    if ((mask && mask[r] === 0) || Number.isNaN(v)) continue;
    buf[n++] = v;
  }
  return uniqueInPlace(buf.subarray(0, n).sort());
}

/** Drops repeats from a sorted array, returning the unique prefix. */
export function uniqueInPlace<T extends Uint32Array | Float64Array>(a: T): T {
  if (a.length === 0) return a;
  let u = 1;
  for (let i = 1; i < a.length; i++) if (a[i] !== a[u - 1]) a[u++] = a[i];
  return a.subarray(0, u) as T;
}

/** The index of v in the sorted keys (v must be there). */
export function searchU32(keys: Uint32Array, v: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function searchF64(keys: Float64Array, v: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The `n` groups with rows (rows[id] > 0) ranked by primary, then secondary, descending; ties keep the lower
 * id first. A bounded insertion list: O(groups × n) at worst, about O(groups) in practice.
 */
export function topIds(rows: Float64Array, primary: Float64Array, secondary: Float64Array, n: number): number[] {
  const best: number[] = [];
  if (n <= 0) return best;
  const better = (a: number, b: number): boolean =>
    primary[a] !== primary[b]
      ? primary[a] > primary[b]
      : secondary[a] !== secondary[b]
        ? secondary[a] > secondary[b]
        : a < b;
  for (let id = 0; id < rows.length; id++) {
    if (rows[id] === 0) continue;
    if (best.length === n && !better(id, best[n - 1])) continue;
    let at = best.length === n ? n - 1 : best.length;
    while (at > 0 && better(id, best[at - 1])) at--;
    best.splice(at, 0, id);
    if (best.length > n) best.pop();
  }
  return best;
}

/** A cell as text for hover labels: '' when missing; times as epoch seconds with nine decimals. */
export function cellText(table: PacketTable, c: Column, r: number): string {
  switch (c.kind) {
    case 'string':
      return c.dict[c.codes[r]];
    case 'int':
      return c.present[r >>> 3] & (1 << (r & 7)) ? intLabel(c.type, c.values[r]) : '';
    case 'float': {
      const v = c.values[r];
      return !Number.isNaN(v) ? String(v) : '';
    }
    case 'time': {
      const us = table.timeUs[r];
      const s = Math.floor(us / 1e6);
      return `${s}.${String((us - s * 1e6) * 1000 + table.timeNs[r]).padStart(9, '0')}`;
    }
    default: {
      const never: never = c;
      throw new Error(`unknown column kind ${String(never)}`);
    }
  }
}

/** frame.len per row, 0 where missing (a row still counts as a packet). */
export function frameBytes(table: PacketTable): (r: number) => number {
  const c = findColumn(table, 'frame.len');
  if (c && c.kind === 'int') return (r) => (c.present[r >>> 3] & (1 << (r & 7)) ? c.values[r] : 0);
  if (c && c.kind === 'float') return (r) => (!Number.isNaN(c.values[r]) ? c.values[r] : 0);
  return () => 0;
}
