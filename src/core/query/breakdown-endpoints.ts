/**
 * Host addresses as small dense numbers per row, IPv4 and IPv6 in one numbering, so talkers and
 * conversations add into typed arrays. IPv4 addresses are sorted once (O(m log m) for m selected rows);
 * IPv6 addresses are dictionary codes, merged through their text (work per distinct address, not per row).
 * A row with an IPv4 address on a side uses it; otherwise its ipv6.src/ipv6.dst.
 */
import { formatIpv4 } from '../ingest/parse-bytes.ts';
import { findColumn, type PacketTable, type StringColumn } from '../table/packet-table.ts';
import type { RowMask, RowSpan } from './bins-range.ts';
import { searchU32, uniqueInPlace } from './breakdown-groups.ts';

export interface Endpoints {
  /** Per row of the span (index r - start): the source host, -1 when absent or when the mask drops the row. */
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** Hosts are numbered below this. */
  readonly count: number;
  readonly label: (id: number) => string;
}

export function endpointIds(table: PacketTable, span: RowSpan, mask: RowMask): Endpoints {
  const { start, end } = span;
  const n = Math.max(0, end - start);
  const src = new Int32Array(n).fill(-1);
  const dst = new Int32Array(n).fill(-1);
  const v4 = [findColumn(table, 'ip.src'), findColumn(table, 'ip.dst')].map((c) =>
    c && c.kind === 'int' && c.type === 'ipv4' ? c : null,
  );

  // IPv4: one sorted list of every address seen on either side.
  const buf = new Uint32Array(2 * n);
  let m = 0;
  for (const c of v4) {
    if (!c) continue;
    for (let r = start; r < end; r++) {
      if ((mask && mask[r] === 0) || !(c.present[r >>> 3] & (1 << (r & 7)))) continue;
      buf[m++] = c.values[r];
    }
  }
  const keys = uniqueInPlace(buf.subarray(0, m).sort());
  v4.forEach((c, side) => {
    if (!c) return;
    const out = side === 0 ? src : dst;
    for (let r = start; r < end; r++) {
      if ((mask && mask[r] === 0) || !(c.present[r >>> 3] & (1 << (r & 7)))) continue;
      out[r - start] = searchU32(keys, c.values[r]);
    }
  });

  // IPv6: text addresses of both columns' dictionaries, numbered after the IPv4 ones.
  const v6Text: string[] = [];
  const v6Id = new Map<string, number>();
  const v6 = [findColumn(table, 'ipv6.src'), findColumn(table, 'ipv6.dst')].map((c) =>
    c && c.kind === 'string' ? c : null,
  );
  v6.forEach((c, side) => {
    if (!c) return;
    const idOfCode = codeIds(c, keys.length, v6Id, v6Text);
    const out = side === 0 ? src : dst;
    for (let r = start; r < end; r++) {
      const code = c.codes[r];
      if (code === 0 || out[r - start] >= 0 || (mask && mask[r] === 0)) continue;
      out[r - start] = idOfCode[code];
    }
  });
  return {
    src,
    dst,
    count: keys.length + v6Text.length,
    label: (id) => (id < keys.length ? formatIpv4(keys[id]) : v6Text[id - keys.length]),
  };
}

function codeIds(c: StringColumn, offset: number, ids: Map<string, number>, texts: string[]): Int32Array {
  const out = new Int32Array(c.dict.length).fill(-1);
  for (let code = 1; code < c.dict.length; code++) {
    const text = c.dict[code];
    let id = ids.get(text);
    if (id === undefined) {
      id = offset + texts.length;
      ids.set(text, id);
      texts.push(text);
    }
    out[code] = id;
  }
  return out;
}
