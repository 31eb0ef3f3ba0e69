/**
 * The columnar packet table every part of the workbench reads.
 *
 * Rows are packets sorted by time (users' files are random samples in random order); the original
 * frame.number stays in its own column. Each field is one typed array (struct of arrays, as Perfetto's
 * renderer does), so a table of millions of rows moves between threads by transfer, never as row objects.
 *
 * Missing cells are never silently 0: integer columns carry a presence bitmap, float columns use NaN, string
 * columns use code 0.
 */
import type { FieldType } from '../ingest/field-catalogue.ts';

export type IntArray = Uint8Array | Uint16Array | Uint32Array;
export type CodeArray = Uint8Array | Uint16Array | Uint32Array;

/** Integers (ports, lengths, flags, IPv4 addresses as uint32). `present` bit i is set when row i has a value. */
export interface IntColumn {
  readonly kind: 'int';
  readonly name: string;
  readonly type: FieldType;
  readonly values: IntArray;
  readonly present: Uint8Array;
}

/** Floating point values; NaN marks a missing cell. */
export interface FloatColumn {
  readonly kind: 'float';
  readonly name: string;
  readonly type: FieldType;
  readonly values: Float64Array;
}

/** Dictionary-coded strings: `dict[codes[i]]`; code 0 is the missing value and `dict[0]` is ''. */
export interface StringColumn {
  readonly kind: 'string';
  readonly name: string;
  readonly type: FieldType;
  readonly codes: CodeArray;
  readonly dict: readonly string[];
}

/**
 * A time field (frame.time_epoch or frame.time). Its instants are the table's own `timeUs`/`timeNs`; for
 * frame.time the zone abbreviation each row was written in is kept so an export can write the text back.
 */
export interface TimeColumn {
  readonly kind: 'time';
  readonly name: string;
  readonly type: FieldType;
  readonly zoneCodes: Uint8Array | null;
  readonly zones: readonly string[];
}

export type Column = IntColumn | FloatColumn | StringColumn | TimeColumn;

export interface PacketTable {
  readonly rowCount: number;
  /** Whole microseconds since the Unix epoch, ascending. */
  readonly timeUs: Float64Array;
  /** Nanoseconds past `timeUs` (0-999), so tshark's nanosecond times survive exactly. */
  readonly timeNs: Uint16Array;
  /** In the file's column order. */
  readonly columns: readonly Column[];
}

export function findColumn(table: PacketTable, name: string): Column | undefined {
  return table.columns.find((c) => c.name === name);
}

export function isPresent(present: Uint8Array, row: number): boolean {
  return (present[row >>> 3] & (1 << (row & 7))) !== 0;
}

export function bitmapBytes(rows: number): number {
  return (rows + 7) >>> 3;
}

/** The buffers of one column, for a transfer list. */
export function columnBuffers(c: Column): ArrayBuffer[] {
  const views: (ArrayBufferView | null)[] =
    c.kind === 'int'
      ? [c.values, c.present]
      : c.kind === 'float'
        ? [c.values]
        : c.kind === 'string'
          ? [c.codes]
          : [c.zoneCodes];
  return views.flatMap((v) => (v && v.buffer instanceof ArrayBuffer ? [v.buffer] : []));
}

/** The transfer list for posting a table between threads without copying it. */
export function tableBuffers(table: PacketTable): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>(
    [table.timeUs.buffer, table.timeNs.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer),
  );
  for (const c of table.columns) for (const b of columnBuffers(c)) out.add(b);
  return [...out];
}
