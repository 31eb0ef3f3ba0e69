/**
 * The overview shown after a load: counts from the finished table and the problems the workers met, with
 * their line numbers made absolute now that every chunk's line count is known.
 */
import { formatIpv4 } from './parse-bytes.ts';
import type { HeaderPlan } from './csv-header.ts';
import { LABEL_LIKE_COLUMNS } from './field-catalogue.ts';
import {
  emptyOddCells,
  emptySkipCounts,
  MAX_LISTED_ISSUES,
  SKIP_REASONS,
  type ColumnInfo,
  type CountedValue,
  type LineIssue,
  type LoadSummary,
  type SeparatorName,
  type TextReport,
} from './load-report.ts';
import type { PartialStats } from './partial-table.ts';
import { SEMICOLON, TAB } from './csv-tokenizer.ts';
import type { FoundEncoding } from './text-encoding.ts';
import type { Column, PacketTable, StringColumn } from '../table/packet-table.ts';
import { findColumn } from '../table/packet-table.ts';

export interface LoadFacts {
  readonly fileName: string;
  readonly fileBytes: number;
  readonly textBytes: number;
  readonly compressed: boolean;
  /** Lines in each chunk, by chunk sequence number (data chunks only; the header is line 1). */
  readonly chunkLines: readonly number[];
  readonly parseSeconds: number;
  readonly workers: number;
  /** A CSV's encoding as found before it was converted to UTF-8 (a capture has none). */
  readonly encoding?: FoundEncoding;
}

const TOP = 10;
const MAX_LABEL_VALUES = 50;

export function summarize(
  table: PacketTable,
  plan: HeaderPlan,
  stats: readonly PartialStats[],
  facts: LoadFacts,
): LoadSummary {
  const firstLine: number[] = [];
  let line = 2;
  for (const n of facts.chunkLines) {
    firstLine.push(line);
    line += n;
  }
  const skipped = emptySkipCounts();
  const badPerColumn = new Array<number>(plan.columns.length).fill(0);
  const issues: LineIssue[] = [];
  for (const s of stats) {
    for (const r of SKIP_REASONS) skipped[r] += s.skipped[r];
    s.badValues.forEach((n, c) => {
      badPerColumn[c] += n;
    });
    for (const i of s.issues) {
      const { seq, lineInChunk, ...rest } = i;
      issues.push({ ...rest, line: (firstLine[seq] ?? 2) + lineInChunk });
    }
  }
  issues.sort((a, b) => a.line - b.line);
  const listed = new Map<string, number>();
  const kept = issues.filter((i) => {
    const n = listed.get(i.kind) ?? 0;
    listed.set(i.kind, n + 1);
    return n < MAX_LISTED_ISSUES;
  });
  const n = table.rowCount;
  return {
    fileName: facts.fileName,
    fileBytes: facts.fileBytes,
    textBytes: facts.textBytes,
    compressed: facts.compressed,
    lines: line - 1,
    rows: n,
    skipped,
    badValues: badPerColumn.reduce((a, b) => a + b, 0),
    issues: kept,
    timeField: plan.timeField,
    firstTimeUs: n > 0 ? table.timeUs[0] : NaN,
    lastTimeUs: n > 0 ? table.timeUs[n - 1] : NaN,
    protocols: protocolCounts(findColumn(table, 'frame.protocols')),
    ...hostCounts(table),
    labelColumns: labelColumns(table),
    columns: table.columns.map((c, i) => columnInfo(c, n, plan.columns[i].known, badPerColumn[i])),
    parseSeconds: facts.parseSeconds,
    workers: facts.workers,
    ...(facts.encoding ? { text: textReport(table, plan, stats, facts.encoding) } : {}),
  };
}

export const separatorName = (sep: number): SeparatorName =>
  sep === TAB ? 'tab' : sep === SEMICOLON ? 'semicolon' : 'comma';

function textReport(
  table: PacketTable,
  plan: HeaderPlan,
  stats: readonly PartialStats[],
  found: FoundEncoding,
): TextReport {
  const odd = emptyOddCells();
  for (const s of stats) {
    odd.decimalCommas += s.oddCells?.decimalCommas ?? 0;
    odd.firstOccurrences += s.oddCells?.firstOccurrences ?? 0;
  }
  const separator = separatorName(plan.separator);
  // Bytes that are not UTF-8 (a Latin-1 user agent) were decoded as U+FFFD, once per distinct value.
  let notUtf8Values = 0;
  for (const c of table.columns) {
    if (c.kind === 'string') for (const v of c.dict) if (v.includes('\uFFFD')) notUtf8Values++;
  }
  return { encoding: found.encoding, bom: found.bom, separator, ...odd, notUtf8Values };
}

function codeCounts(col: StringColumn): Float64Array {
  const counts = new Float64Array(col.dict.length);
  const codes = col.codes;
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  return counts;
}

/** Frames that contain each protocol of the stack (eth:ethertype:ip:tcp:http counts for all five). */
function protocolCounts(col: Column | undefined): CountedValue[] {
  if (col?.kind !== 'string') return [];
  const counts = codeCounts(col);
  const byProto = new Map<string, number>();
  col.dict.forEach((stack, code) => {
    if (code === 0 || counts[code] === 0) return;
    for (const p of new Set(stack.split(':'))) byProto.set(p, (byProto.get(p) ?? 0) + counts[code]);
  });
  return [...byProto].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}

/**
 * Packets per address, as source or destination. Sort-based rather than a Map: a random-source flood has a
 * new address per packet, and a Map of millions of entries costs far more than one sorted Uint32Array.
 */
function hostCounts(table: PacketTable): { hostCount: number; topHosts: CountedValue[] } {
  const v4: Uint32Array[] = [];
  const v6 = new Map<string, number>();
  for (const name of ['ip.src', 'ip.dst']) {
    const c = findColumn(table, name);
    if (c?.kind === 'int') {
      const out = new Uint32Array(table.rowCount);
      let k = 0;
      for (let i = 0; i < table.rowCount; i++) if (c.present[i >>> 3] & (1 << (i & 7))) out[k++] = c.values[i];
      v4.push(out.subarray(0, k));
    }
  }
  for (const name of ['ipv6.src', 'ipv6.dst']) {
    const c = findColumn(table, name);
    if (c?.kind === 'string')
      codeCounts(c).forEach((n, code) => {
        if (code > 0 && n > 0) v6.set(c.dict[code], (v6.get(c.dict[code]) ?? 0) + n);
      });
  }
  const all = new Uint32Array(v4.reduce((s, a) => s + a.length, 0));
  let at = 0;
  for (const a of v4) {
    all.set(a, at);
    at += a.length;
  }
  all.sort();
  const top: CountedValue[] = [];
  let hostCount = v6.size;
  const consider = (value: string, count: number): void => {
    if (top.length < TOP || count > top[top.length - 1].count) {
      top.push({ value, count });
      top.sort((a, b) => b.count - a.count);
      if (top.length > TOP) top.pop();
    }
  };
  for (let i = 0; i < all.length; ) {
    let j = i + 1;
    while (j < all.length && all[j] === all[i]) j++;
    hostCount++;
    consider(formatIpv4(all[i]), j - i);
    i = j;
  }
  for (const [value, count] of v6) consider(value, count);
  return { hostCount, topHosts: top };
}

function labelColumns(table: PacketTable): LoadSummary['labelColumns'] {
  const out: { name: string; values: CountedValue[] }[] = [];
  for (const c of table.columns) {
    if (
      c.kind !== 'string' ||
      !LABEL_LIKE_COLUMNS.includes(c.name.toLowerCase()) ||
      c.dict.length - 1 > MAX_LABEL_VALUES
    )
      continue;
    const counts = codeCounts(c);
    const values = c.dict
      .map((value, code) => ({ value: code === 0 ? '(empty)' : value, count: counts[code] }))
      .filter((v) => v.count > 0)
      .sort((a, b) => b.count - a.count);
    out.push({ name: c.name, values });
  }
  return out;
}

function columnInfo(c: Column, n: number, known: boolean, badValues: number): ColumnInfo {
  let missing = 0;
  let distinct: number | undefined;
  switch (c.kind) {
    case 'int': {
      let present = 0;
      for (let i = 0; i < c.present.length; i++) present += popcount8(c.present[i]);
      missing = n - present;
      break;
    }
    case 'float':
      for (let i = 0; i < n; i++) if (Number.isNaN(c.values[i])) missing++;
      break;
    case 'string':
      for (let i = 0; i < n; i++) if (c.codes[i] === 0) missing++;
      distinct = c.dict.length - 1;
      break;
    case 'time':
      break;
    default: {
      const never: never = c;
      throw new Error(`unknown column ${String(never)}`);
    }
  }
  return { name: c.name, type: c.type, known, missing, badValues, ...(distinct === undefined ? {} : { distinct }) };
}

function popcount8(x: number): number {
  x = x - ((x >>> 1) & 0x55);
  x = (x & 0x33) + ((x >>> 2) & 0x33);
  return (x + (x >>> 4)) & 0x0f;
}
