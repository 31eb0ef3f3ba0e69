/**
 * What counts as a reader's acceptable answer to a fuzz input: a table that holds together, a note in a
 * capture's report, or an error of the kind the reader means to give whose message says what is wrong.
 * Anything else is a finding: an exception the reader did not mean (a TypeError from deep inside), an
 * error of its own kind that only passes on an engine's message, or a table that breaks its own rules.
 */
import type { CaptureReport } from '../ingest/pcap/capture-columns.ts';
import { bitmapBytes, type PacketTable } from '../table/packet-table.ts';

export interface Outcome {
  /** table: something was read (perhaps with notes); error: refused with a clear message. */
  readonly kind: 'table' | 'error';
  /** Rows read, or the message. */
  readonly detail: string;
}

export type FindingKind = 'unclear-error' | 'broken-result';

/** A reader answered, but not acceptably. (Any other exception out of a target is a crash.) */
export class FuzzFinding extends Error {
  constructor(
    readonly kind: FindingKind,
    message: string,
  ) {
    super(message);
    this.name = 'FuzzFinding';
  }
}

/**
 * Engine messages: a reader error that only repeats one of these has not said what is wrong with the file.
 * (Wrapped into the reader's own error class they still point at a bug: an unchecked length, say.)
 */
const ENGINE_MESSAGE = new RegExp(
  [
    'Cannot read propert',
    'Cannot set propert',
    'is not a function',
    'is not iterable',
    'Invalid array length',
    'Invalid typed array length',
    'out of bounds',
    'Offset is outside',
    'Maximum call stack',
    'Array buffer allocation failed',
    'Invalid string length',
    'should be a multiple of',
    'must be a multiple of',
    'Invalid count value',
    'Invalid code point',
    '\\[object ',
  ].join('|'),
);

export function clearMessage(m: string): boolean {
  // What a message quotes of the file ("[object Object]" as a header name) is the file's, not the reader's words.
  const own = m.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
  return m.trim().length >= 8 && !ENGINE_MESSAGE.test(own);
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** The refusal as an outcome when `e` is one of the reader's own errors and says clearly why; else rethrown. */
export function refused(e: unknown, ...expected: readonly ErrorClass[]): Outcome {
  if (!(e instanceof Error) || !expected.some((c) => e instanceof c)) throw e;
  if (!clearMessage(e.message)) throw new FuzzFinding('unclear-error', `${e.name}: ${e.message}`);
  return { kind: 'error', detail: e.message };
}

function broken(what: string): never {
  throw new FuzzFinding('broken-result', what);
}

/** A PacketTable's own rules: arrays as long as its rows, time ascending and finite, codes in their dictionaries. */
export function checkTable(t: PacketTable, where: string): void {
  const n = t.rowCount;
  if (!Number.isInteger(n) || n < 0) broken(`${where}: rowCount ${n}`);
  if (t.timeUs.length < n || t.timeNs.length < n) broken(`${where}: time arrays shorter than ${n} rows`);
  for (let i = 0; i < n; i++) {
    const us = t.timeUs[i];
    if (!Number.isFinite(us) || us !== Math.floor(us)) broken(`${where}: row ${i} has time ${us} µs`);
    if (t.timeNs[i] > 999) broken(`${where}: row ${i} has ${t.timeNs[i]} ns past its µs`);
    // timeUs ascending, as PacketTable promises. Not the ns within one µs: over a span past three days the
    // radix sort keys on µs alone (table/time-order.ts), so rows of one µs keep their file order.
    if (i > 0 && us < t.timeUs[i - 1])
      broken(`${where}: row ${i} (${us} µs) is earlier than row ${i - 1} (${t.timeUs[i - 1]} µs)`);
  }
  for (const c of t.columns) {
    const at = `${where}: column ${c.name}`;
    if (c.kind === 'int') {
      if (c.values.length < n || c.present.length < bitmapBytes(n)) broken(`${at}: arrays shorter than ${n} rows`);
    } else if (c.kind === 'float') {
      if (c.values.length < n) broken(`${at}: ${c.values.length} values for ${n} rows`);
    } else if (c.kind === 'string') {
      if (c.codes.length < n) broken(`${at}: ${c.codes.length} codes for ${n} rows`);
      if (c.dict[0] !== '') broken(`${at}: code 0 is not the missing value`);
      for (let i = 0; i < n; i++)
        if (c.codes[i] >= c.dict.length) broken(`${at}: row ${i} has code ${c.codes[i]} of ${c.dict.length}`);
    } else if (c.zoneCodes) {
      if (c.zoneCodes.length < n) broken(`${at}: ${c.zoneCodes.length} zone codes for ${n} rows`);
      for (let i = 0; i < n; i++)
        if (c.zoneCodes[i] >= c.zones.length) broken(`${at}: row ${i} has zone ${c.zoneCodes[i]} of ${c.zones.length}`);
    }
  }
}

/** A capture report's own rules: notes at offsets inside the file, counts at least what is listed. */
export function checkReport(
  r: Pick<CaptureReport, 'frames' | 'notes' | 'noteCounts' | 'issues'>,
  fileBytes: number,
  where: string,
): void {
  if (!Number.isInteger(r.frames) || r.frames < 0) broken(`${where}: ${r.frames} frames`);
  for (const note of r.notes) {
    if (!Number.isInteger(note.offset) || note.offset < 0 || note.offset > fileBytes)
      broken(`${where}: a ${note.kind} note at byte ${note.offset} of ${fileBytes}`);
    if (!clearMessage(note.detail)) broken(`${where}: a ${note.kind} note says ${JSON.stringify(note.detail)}`);
    if (r.noteCounts[note.kind] < 1) broken(`${where}: a ${note.kind} note listed but not counted`);
  }
  for (const issue of r.issues) {
    if (!Number.isInteger(issue.frame) || issue.frame < 1 || issue.frame > r.frames)
      broken(`${where}: an issue at frame ${issue.frame} of ${r.frames}`);
    if (!clearMessage(issue.detail)) broken(`${where}: a ${issue.kind} issue says ${JSON.stringify(issue.detail)}`);
  }
}

export function tableOutcome(rows: number, notes = 0): Outcome {
  return { kind: 'table', detail: `${rows} rows${notes ? `, ${notes} notes` : ''}` };
}
