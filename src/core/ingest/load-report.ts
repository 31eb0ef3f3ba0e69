/**
 * What a load found in the file besides its packets: lines skipped and why, values that did not parse, and
 * the overview shown after loading. Built in the workers, shown by the UI as it is.
 *
 * The rule for bad lines (documented in the README):
 * - a line identical to the header (two exports concatenated) is skipped and counted as `repeated-header`;
 * - a row with more or fewer fields than the header is skipped as `wrong-field-count`; when it is the last
 *   line of the file and has no line break, as `truncated-last-line`;
 * - a row whose time does not parse (no frame.time_epoch and no frame.time) is skipped as `no-time`;
 * - a line holding NUL bytes (a damaged file) is skipped as `nul-bytes`;
 * - any other value that does not parse for its field's type keeps its row, the cell becomes missing, and it
 *   is counted per field as a bad value.
 * The first 20 problems of each kind are listed with their line numbers (the header is line 1).
 */

import type { CaptureReport } from './pcap/capture-columns.ts';
import type { TextEncodingName } from './text-encoding.ts';

export const SKIP_REASONS = [
  'repeated-header',
  'wrong-field-count',
  'truncated-last-line',
  'no-time',
  'nul-bytes',
  'blank-line',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const SKIP_REASON_TEXT: Readonly<Record<SkipReason, string>> = {
  'repeated-header': 'repeated header line (two exports concatenated)',
  'wrong-field-count': 'wrong number of fields',
  'truncated-last-line': 'truncated last line',
  'no-time': 'no time that parses',
  'nul-bytes': 'NUL bytes in the line (damaged)',
  'blank-line': 'blank line',
};

export interface LineIssue {
  /** 1-based line number in the (decompressed) file; the header is line 1. */
  readonly line: number;
  readonly kind: SkipReason | 'bad-value';
  /** For bad values: the field name. */
  readonly field?: string;
  readonly detail: string;
}

export const MAX_LISTED_ISSUES = 20;

export interface CountedValue {
  readonly value: string;
  readonly count: number;
}

export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly known: boolean;
  readonly missing: number;
  readonly badValues: number;
  /** Distinct values, for dictionary-coded columns. */
  readonly distinct?: number;
}

export interface LoadSummary {
  readonly fileName: string;
  readonly fileBytes: number;
  /** Bytes of CSV text parsed (larger than fileBytes for a .gz). */
  readonly textBytes: number;
  readonly compressed: boolean;
  readonly lines: number;
  readonly rows: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  readonly badValues: number;
  readonly issues: readonly LineIssue[];
  readonly timeField: string;
  readonly firstTimeUs: number;
  readonly lastTimeUs: number;
  /** Frames containing each protocol of frame.protocols, most frequent first. */
  readonly protocols: readonly CountedValue[];
  /** Distinct IP addresses seen as source or destination, and the busiest ones. */
  readonly hostCount: number;
  readonly topHosts: readonly CountedValue[];
  /** Value counts of columns such as `alert` and `attack`. */
  readonly labelColumns: readonly { readonly name: string; readonly values: readonly CountedValue[] }[];
  readonly columns: readonly ColumnInfo[];
  readonly parseSeconds: number;
  readonly workers: number;
  /**
   * When the file was a pcap or pcapng capture (dissected into the users' CSV, which `lines`, `textBytes`
   * and the rest describe): its format, frames, and where the file or the dissection stopped short.
   */
  readonly capture?: CaptureReport;
  /** For a CSV: its encoding, separator and the cells read specially (load-notes.ts says what was odd). */
  readonly text?: TextReport;
}

export function emptySkipCounts(): Record<SkipReason, number> {
  return {
    'repeated-header': 0,
    'wrong-field-count': 0,
    'truncated-last-line': 0,
    'no-time': 0,
    'nul-bytes': 0,
    'blank-line': 0,
  };
}

/** Cells the parsers read in a way tshark's own CSV (the README's command) never needs. */
export interface OddCellCounts {
  /** Numbers written with a decimal comma (`0,000123`), as European-locale spreadsheets and pandas write them. */
  decimalCommas: number;
  /** Typed cells holding several occurrences (`10.0.0.1,10.0.0.2`: tshark's default `-E occurrence=a`). */
  firstOccurrences: number;
}

export function emptyOddCells(): OddCellCounts {
  return { decimalCommas: 0, firstOccurrences: 0 };
}

export type SeparatorName = 'comma' | 'tab' | 'semicolon';

/** How a CSV's text was written, where it can differ from tshark's CSV; load-notes.ts puts it in words. */
export interface TextReport {
  readonly encoding: TextEncodingName;
  readonly bom: boolean;
  readonly separator: SeparatorName;
  readonly decimalCommas: number;
  readonly firstOccurrences: number;
  /** Distinct text values with bytes that are not UTF-8 (Latin-1, Windows-1252), shown with U+FFFD. */
  readonly notUtf8Values: number;
}
