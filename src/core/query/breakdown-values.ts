/**
 * The most frequent values of one field with packets and bytes (Wireshark's Statistics > Endpoints for a
 * single column): totals per dense group number, so O(m) for text and 8/16-bit fields, O(m log m) otherwise.
 */
import type { PacketTable } from '../table/packet-table.ts';
import { rowRange, type RowMask, type TimeRange } from './bins-range.ts';
import { frameBytes, groupRows, MISSING_GROUP, topIds } from './breakdown-groups.ts';

export interface Totals {
  readonly packets: number;
  readonly bytes: number;
}

export interface ValueCount {
  readonly label: string;
  /** The value as a number (IPv4 as uint32); NaN for text. */
  readonly value: number;
  readonly packets: number;
  readonly bytes: number;
}

export interface TopValues {
  readonly field: string;
  /** Most packets first, then most bytes. */
  readonly rows: readonly ValueCount[];
  /** The selected rows, with or without the field. */
  readonly total: Totals;
  /** Rows whose value is not among `rows`; `values` is how many distinct values that is. */
  readonly other: Totals & { readonly values: number };
  readonly missing: Totals;
  /** Distinct values among the selected rows. */
  readonly distinct: number;
}

/** The `n` most frequent values of a field (int, IPv4, float or text column) with packets and bytes. */
export function topValues(
  table: PacketTable,
  mask: RowMask,
  range: TimeRange | null,
  field: string,
  n: number,
): TopValues {
  const span = rowRange(table, range);
  const groups = groupRows(table, field, span, mask);
  const bytesOf = frameBytes(table);
  const packets = new Float64Array(groups.groupCount);
  const bytes = new Float64Array(groups.groupCount);
  let missingPackets = 0;
  let missingBytes = 0;
  for (let r = span.start; r < span.end; r++) {
    const g = groups.ids[r - span.start];
    if (g >= 0) {
      packets[g]++;
      bytes[g] += bytesOf(r);
    } else if (g === MISSING_GROUP) {
      missingPackets++;
      missingBytes += bytesOf(r);
    }
  }
  const top = topIds(packets, packets, bytes, n);
  const rows = top.map((g) => ({
    label: groups.label(g),
    value: groups.value(g),
    packets: packets[g],
    bytes: bytes[g],
  }));
  let distinct = 0;
  let allPackets = 0;
  let allBytes = 0;
  for (let g = 0; g < packets.length; g++) {
    if (packets[g] === 0) continue;
    distinct++;
    allPackets += packets[g];
    allBytes += bytes[g];
  }
  const shownPackets = rows.reduce((s, x) => s + x.packets, 0);
  const shownBytes = rows.reduce((s, x) => s + x.bytes, 0);
  return {
    field,
    rows,
    total: { packets: allPackets + missingPackets, bytes: allBytes + missingBytes },
    other: { packets: allPackets - shownPackets, bytes: allBytes - shownBytes, values: distinct - rows.length },
    missing: { packets: missingPackets, bytes: missingBytes },
    distinct,
  };
}
