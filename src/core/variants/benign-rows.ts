/**
 * Benign traffic of other networks, appended to a training table for training only. Users' benign traffic is
 * far richer than a lab's: health checks look like port scans, metrics scraping and polling like brute force,
 * ping monitoring like a sweep, ssh automation like hydra, bulk transfers like floods. A model that never saw
 * them calls them attacks, so training sees a corpus of them (public/corpus/benign, real tools in
 * namespaces) beside the user's capture, labelled benign.
 *
 * Each table's rows go after the capture (and after each other) with a minute of silence between, their
 * columns matched to the capture's by name: a string's dictionary is extended, a column the corpus lacks is
 * missing in its rows. Addresses stay as recorded (never features; they only group the packets).
 */
import { TRAIN } from '../features/splits.ts';
import { bitmapBytes, isPresent, type Column, type IntArray, type PacketTable } from '../table/packet-table.ts';

export interface BenignRows {
  readonly table: PacketTable;
  readonly rowLabels: Uint8Array;
  readonly rowParts: Uint8Array;
  /** Rows appended. */
  readonly rows: number;
}

const GAP_US = 60_000_000;
const BENIGN = 0;

export function withBenignTables(
  table: PacketTable,
  rowLabels: Uint8Array,
  rowParts: Uint8Array,
  extra: readonly PacketTable[],
): BenignRows {
  const tables = extra.filter((t) => t.rowCount > 0);
  const n = table.rowCount;
  const m = tables.reduce((s, t) => s + t.rowCount, 0);
  if (m === 0) return { table, rowLabels, rowParts, rows: 0 };
  const timeUs = new Float64Array(n + m);
  const timeNs = new Uint16Array(n + m);
  timeUs.set(table.timeUs);
  timeNs.set(table.timeNs);
  let end = n ? table.timeUs[n - 1] : 0;
  let at = n;
  for (const t of tables) {
    const shift = end + GAP_US - t.timeUs[0];
    for (let r = 0; r < t.rowCount; r++) timeUs[at + r] = t.timeUs[r] + shift;
    timeNs.set(t.timeNs, at);
    at += t.rowCount;
    end = timeUs[at - 1];
  }
  const columns = table.columns.map((c) =>
    appendColumn(
      c,
      n,
      tables.map((t) => ({ rows: t.rowCount, col: t.columns.find((x) => x.name === c.name && x.kind === c.kind) })),
    ),
  );
  const labels = new Uint8Array(n + m).fill(BENIGN);
  labels.set(rowLabels);
  const parts = new Uint8Array(n + m).fill(TRAIN);
  parts.set(rowParts);
  return { table: { rowCount: n + m, timeUs, timeNs, columns }, rowLabels: labels, rowParts: parts, rows: m };
}

/** One table's rows of a column: `col` undefined when that table lacks the column (missing in all its rows). */
interface Part<C extends Column> {
  readonly rows: number;
  readonly col: C | undefined;
}

/** `c` (n rows) followed by each table's same column. */
function appendColumn(c: Column, n: number, more: readonly Part<Column>[]): Column {
  const total = n + more.reduce((s, p) => s + p.rows, 0);
  switch (c.kind) {
    case 'int': {
      const parts = more as readonly Part<typeof c>[];
      const values = intArray(c.values, parts, total);
      values.set(c.values);
      const present = new Uint8Array(bitmapBytes(total));
      present.set(c.present.subarray(0, bitmapBytes(n)));
      let at = n;
      for (const { rows, col } of parts) {
        if (col) {
          values.set(col.values.subarray(0, rows), at);
          for (let r = 0; r < rows; r++) if (isPresent(col.present, r)) present[(at + r) >>> 3] |= 1 << ((at + r) & 7);
        }
        at += rows;
      }
      return { ...c, values, present };
    }
    case 'float': {
      const values = new Float64Array(total).fill(NaN);
      values.set(c.values);
      let at = n;
      for (const { rows, col } of more as readonly Part<typeof c>[]) {
        if (col) values.set(col.values.subarray(0, rows), at);
        at += rows;
      }
      return { ...c, values };
    }
    case 'string': {
      const dict = [...c.dict];
      const index = new Map(dict.map((s, i) => [s, i]));
      const codeOf = (s: string): number => {
        let k = index.get(s);
        if (k === undefined) {
          k = dict.push(s) - 1;
          index.set(s, k);
        }
        return k;
      };
      const codes = new Uint32Array(total);
      codes.set(c.codes);
      let at = n;
      for (const { rows, col } of more as readonly Part<typeof c>[]) {
        if (col) {
          const map = col.dict.map((s, k) => (k === 0 ? 0 : codeOf(s)));
          for (let r = 0; r < rows; r++) codes[at + r] = map[col.codes[r]];
        }
        at += rows;
      }
      return {
        ...c,
        codes: dict.length > 0xffff ? codes : dict.length > 0xff ? Uint16Array.from(codes) : Uint8Array.from(codes),
        dict,
      };
    }
    case 'time': {
      if (!c.zoneCodes) return c;
      const zones = [...c.zones];
      const zoneCodes = new Uint8Array(total);
      zoneCodes.set(c.zoneCodes);
      let at = n;
      for (const { rows, col } of more as readonly Part<typeof c>[]) {
        for (let r = 0; r < rows; r++) {
          const z = col?.zoneCodes ? col.zones[col.zoneCodes[r]] : zones[0];
          const k = zones.indexOf(z);
          zoneCodes[at + r] = k >= 0 ? k : zones.push(z) - 1;
        }
        at += rows;
      }
      return { ...c, zoneCodes, zones };
    }
  }
}

/** An integer array of `total` rows as wide as the widest of the parts. */
function intArray(first: IntArray, parts: readonly Part<{ values: IntArray } & Column>[], total: number): IntArray {
  const bytes = Math.max(first.BYTES_PER_ELEMENT, ...parts.map((p) => p.col?.values.BYTES_PER_ELEMENT ?? 1));
  return bytes >= 4 ? new Uint32Array(total) : bytes === 2 ? new Uint16Array(total) : new Uint8Array(total);
}
