/**
 * The labelled capture written back as the tshark CSV it came from, plus a `label` column, in pieces: a
 * 3M-row export must never become one string, so the caller asks for rows [from, to) at a time.
 *
 * Cells are written as `tshark -T fields -E quote=d` writes them, so the file loads again (here, in pandas,
 * in the sensor's tools) with the same values. Each column gets one cell writer, chosen once; values a
 * column repeats (dictionary entries, 8- and 16-bit integers) are formatted once per distinct value.
 */
import type { FieldType } from '../ingest/field-catalogue.ts';
import { formatIpv4 } from '../ingest/parse-bytes.ts';
import { formatFrameTime } from '../ingest/parse-time.ts';
import type { Column, PacketTable } from '../table/packet-table.ts';
import type { LabelSet } from './label-set.ts';
import { LABEL_COLUMN } from './label-column.ts';

type CellWriter = (r: number) => string;

/** A cell with its quotes, `"` inside doubled (RFC 4180, which the loader reads back). */
export function quoted(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** A header name, quoted only when it has to be (tshark writes the header bare). */
function headerName(name: string): string {
  return /[",\r\n]/.test(name) ? quoted(name) : name;
}

const HEX_DIGITS: Partial<Record<FieldType, number>> = { hex8: 2, hex16: 4, hex32: 8 };

/** An integer as tshark writes a field of this type (unquoted). */
export function intText(type: FieldType, v: number): string {
  const digits = HEX_DIGITS[type];
  if (digits !== undefined) return `0x${v.toString(16).padStart(digits, '0')}`;
  if (type === 'ipv4') return formatIpv4(v);
  return String(v);
}

/** floor(us / 1e6), corrected where the division rounded up across a whole second (near 2^53 it can). */
function wholeSeconds(us: number): number {
  const s = Math.floor(us / 1e6);
  return us - s * 1e6 < 0 ? s - 1 : s;
}

function epochText(us: number, ns: number): string {
  const s = wholeSeconds(us);
  return `${s}.${String((us - s * 1e6) * 1000 + ns).padStart(9, '0')}`;
}

function writerFor(table: PacketTable, c: Column, hasEpoch: boolean): CellWriter {
  switch (c.kind) {
    case 'string': {
      const cells = c.dict.map((s, code) => (code === 0 || s === '' ? '' : quoted(s)));
      const codes = c.codes;
      return (r) => cells[codes[r]];
    }
    case 'int': {
      const { values, present, type } = c;
      if (values instanceof Uint32Array)
        return (r) => (present[r >>> 3] & (1 << (r & 7)) ? `"${intText(type, values[r])}"` : '');
      const cells: (string | undefined)[] = new Array<string | undefined>(values instanceof Uint8Array ? 256 : 65536);
      return (r) => {
        if (!(present[r >>> 3] & (1 << (r & 7)))) return '';
        const v = values[r];
        let cell = cells[v];
        if (cell === undefined) {
          cell = `"${intText(type, v)}"`;
          cells[v] = cell;
        }
        return cell;
      };
    }
    case 'float': {
      const values = c.values;
      // String() gives the shortest text that reads back as the same double.
      return (r) => (!Number.isNaN(values[r]) ? `"${String(values[r])}"` : '');
    }
    case 'time': {
      const { timeUs, timeNs } = table;
      const { zoneCodes, zones } = c;
      if (!zoneCodes) return (r) => `"${epochText(timeUs[r], timeNs[r])}"`;
      // Zone code 0: the cell was empty (the row's time came from the epoch column) or the file had too
      // many zones to code; with no epoch column the time is all there is, so it is written in UTC.
      // Rows are in time order, so most share their second with the row before: the date and clock text is
      // made once per second and zone, and only the nine fraction digits per row.
      let lastSec = NaN;
      let lastZone = -1;
      let head = '';
      let tail = '';
      return (r) => {
        const z = zoneCodes[r];
        if (z === 0 && hasEpoch) return '';
        const us = timeUs[r];
        const sec = wholeSeconds(us);
        if (sec !== lastSec || z !== lastZone) {
          const text = quoted(formatFrameTime(sec * 1e6, 0, z === 0 ? 'UTC' : zones[z]));
          const dot = text.indexOf('.'); // the first: month names and the clock have none, a zone may
          head = text.slice(0, dot + 1);
          tail = text.slice(dot + 10);
          lastSec = sec;
          lastZone = z;
        }
        return head + String((us - sec * 1e6) * 1000 + timeNs[r]).padStart(9, '0') + tail;
      };
    }
    default: {
      const never: never = c;
      throw new Error(`unknown column kind ${String(never)}`);
    }
  }
}

/** Writers per table, kept while the table lives: an export asks for thousands of pieces of one table. */
const WRITERS = new WeakMap<PacketTable, readonly CellWriter[]>();

function writersOf(table: PacketTable): readonly CellWriter[] {
  let w = WRITERS.get(table);
  if (!w) {
    const hasEpoch = table.columns.some((c) => c.kind === 'time' && c.zoneCodes === null);
    w = table.columns.map((c) => writerFor(table, c, hasEpoch));
    WRITERS.set(table, w);
  }
  return w;
}

/** Header line: the table's columns in file order plus `label` (a `label` column of the file is replaced in place). */
export function labelledCsvHeader(table: PacketTable): string {
  const names = table.columns.map((c) => c.name);
  if (!names.includes(LABEL_COLUMN)) names.push(LABEL_COLUMN);
  return `${names.map(headerName).join(',')}\n`;
}

/**
 * Rows [from, to) as CSV lines (each ending '\n'), every non-empty cell double-quoted: integers in decimal,
 * hex types as 0x with the type's width, bool as 1/0, IPv4 dotted, strings as stored (quotes doubled),
 * frame.time_epoch as seconds with 9 decimals, frame.time in the row's zone; empty for missing. The label
 * cell is the class name.
 */
export function labelledCsvRows(
  table: PacketTable,
  labels: Uint8Array,
  set: LabelSet,
  from: number,
  to: number,
): string {
  const columnWriters = writersOf(table);
  const labelCells: string[] = Array.from({ length: 256 }, (_, id) => quoted(`(class ${id})`));
  for (const c of set.classes) labelCells[c.id] = quoted(c.name);
  const labelWriter: CellWriter = (r) => labelCells[labels[r]];
  const writers = table.columns.map((c, k) => (c.name === LABEL_COLUMN ? labelWriter : columnWriters[k]));
  if (!table.columns.some((c) => c.name === LABEL_COLUMN)) writers.push(labelWriter);
  const end = Math.min(to, table.rowCount);
  const lines: string[] = [];
  // join() writes each line as one flat string; `+=` per cell built a rope of ~60 pieces a row for the GC.
  const cells = new Array<string>(writers.length);
  for (let r = Math.max(0, from); r < end; r++) {
    for (let k = 0; k < writers.length; k++) cells[k] = writers[k](r);
    lines.push(cells.join(','));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
