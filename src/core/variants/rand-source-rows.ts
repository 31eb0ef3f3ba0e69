/**
 * The random-source variant of a lab's floods, made inside training from the table's own rows (issue 8):
 * users' floods are often spoofed (hping3 --rand-source), and a model that only ever saw a flood from one
 * source misses one from many in the destination view. For each flood stretch among the training rows, a
 * slice of it is copied with every attacker packet given a random source address, the victim's replies sent
 * to the address of the packet they answer (matched by the attacker's port, or ICMP sequence), and the
 * attacker's own TCP resets dropped (it only sent them because the replies came back to its real address) —
 * what rand-source.ts does to pcapng bytes, done on columns. The copies are appended after the capture's end
 * (a minute of silence between them), labelled as their originals and used for training only.
 *
 * A flood stretch: one class, at least FLOOD_MIN_PPS packets/s from one source for FLOOD_MIN_SECONDS, nearly all
 * to one host.
 * Brute force and scans are left alone: a tool cannot log in or scan from addresses it never hears back on.
 */
import { labelRuns, STRETCH_GAP_US } from '../features/label-runs.ts';
import { TRAIN } from '../features/splits.ts';
import { mulberry32 } from '../model/prng.ts';
import { randomAddress } from './rand-source.ts';
import {
  bitmapBytes,
  findColumn,
  isPresent,
  type Column,
  type IntColumn,
  type PacketTable,
} from '../table/packet-table.ts';

export interface RandSourceRowsOptions {
  /** Attacker packets copied per flood (its own resets not counted), with their replies. */
  readonly packetsPerFlood: number;
  readonly seed: number;
}

export const DEFAULT_RAND_SOURCE_ROWS: RandSourceRowsOptions = { packetsPerFlood: 4000, seed: 7 };

export interface VariantRows {
  readonly table: PacketTable;
  readonly rowLabels: Uint8Array;
  readonly rowParts: Uint8Array;
  /** One entry per flood copied: its class, the rows added. */
  readonly floods: readonly { readonly cls: number; readonly rows: number }[];
}

const FLOOD_MIN_PPS = 300;
const FLOOD_MIN_PACKETS = 200;
/** A flood lasts: a port scan's burst (lab-a's nmap: a quarter of a second) is no flood. */
const FLOOD_MIN_SECONDS = 2;
/** Share of the attacker's packets going to its main target. */
const ONE_TARGET_SHARE = 0.9;
const GAP_US = 60_000_000;
const TCP_RST = 0x04;
const TCP_SYN = 0x02;

/** A flood among the training rows: its class, the rows copied (attacker packets and replies), the attacker. */
export interface FloodSlice {
  readonly cls: number;
  readonly rows: readonly number[];
  readonly attacker: number;
}

/** The training rows' floods, each cut to `packetsPerFlood` attacker packets (its own resets not counted). */
export function trainingFloods(
  table: PacketTable,
  rowLabels: Uint8Array,
  rowParts: Uint8Array,
  packetsPerFlood: number,
): FloodSlice[] {
  const src = intColumn(table, 'ip.src');
  const dst = intColumn(table, 'ip.dst');
  if (!src || !dst || table.rowCount === 0) return [];
  const flags = intColumn(table, 'tcp.flags');
  const value = (c: IntColumn | undefined, r: number): number => (c && isPresent(c.present, r) ? c.values[r] : -1);
  const runs = labelRuns(table.timeUs, rowLabels, STRETCH_GAP_US, 0);
  const slices: FloodSlice[] = [];
  for (const rows of rowsByRun(runs)) {
    const train = rows.filter((r) => rowParts[r] === TRAIN && isPresent(src.present, r) && isPresent(dst.present, r));
    if (train.length < FLOOD_MIN_PACKETS) continue;
    const attacker = mostCommon(train.map((r) => src.values[r]));
    const sent = train.filter((r) => src.values[r] === attacker);
    const seconds = (table.timeUs[sent[sent.length - 1]] - table.timeUs[sent[0]]) / 1e6;
    const target = mostCommon(sent.map((r) => dst.values[r]));
    const toTarget = sent.filter((r) => dst.values[r] === target).length;
    if (
      sent.length < FLOOD_MIN_PACKETS ||
      seconds < FLOOD_MIN_SECONDS ||
      sent.length / seconds < FLOOD_MIN_PPS ||
      toTarget < ONE_TARGET_SHARE * sent.length
    )
      continue;
    const kept = sent.filter((r) => !isOwnReset(value(flags, r)));
    if (kept.length === 0) continue;
    const last = kept[Math.min(kept.length, packetsPerFlood) - 1];
    const from = sent[0];
    const slice = train.filter(
      (r) => r >= from && r <= last && (src.values[r] === attacker || dst.values[r] === attacker),
    );
    slices.push({ cls: rowLabels[rows[0]], rows: slice, attacker });
  }
  return slices;
}

/** Appends random-source copies of the training rows' floods; returns the input untouched when there is none. */
export function withRandSourceFloods(
  table: PacketTable,
  rowLabels: Uint8Array,
  rowParts: Uint8Array,
  opts: RandSourceRowsOptions = DEFAULT_RAND_SOURCE_ROWS,
): VariantRows {
  const none: VariantRows = { table, rowLabels, rowParts, floods: [] };
  const slices = trainingFloods(table, rowLabels, rowParts, opts.packetsPerFlood);
  const src = intColumn(table, 'ip.src');
  const dst = intColumn(table, 'ip.dst');
  if (slices.length === 0 || !src || !dst) return none;
  const ports = [intColumn(table, 'tcp.srcport'), intColumn(table, 'udp.srcport')];
  const replyPorts = [intColumn(table, 'tcp.dstport'), intColumn(table, 'udp.dstport')];
  const icmpSeq = intColumn(table, 'icmp.seq') ?? intColumn(table, 'icmp.seq_le');
  const flags = intColumn(table, 'tcp.flags');
  const value = (c: IntColumn | undefined, r: number): number => (c && isPresent(c.present, r) ? c.values[r] : -1);

  const rand = mulberry32(opts.seed);
  const picked: number[] = [];
  const newSrc: number[] = [];
  const newDst: number[] = [];
  const floods: { cls: number; rows: number }[] = [];
  for (const s of slices) {
    const byPort = new Map<number, number>();
    let added = 0;
    for (const r of s.rows) {
      const fromAttacker = src.values[r] === s.attacker;
      const f = value(flags, r);
      if (fromAttacker && isOwnReset(f)) continue;
      const key = fromAttacker ? portKey(ports, icmpSeq, r, value) : portKey(replyPorts, icmpSeq, r, value);
      let address: number;
      if (fromAttacker) {
        address = randomAddress(rand);
        if (key >= 0) byPort.set(key, address);
      } else {
        address = (key >= 0 ? byPort.get(key) : undefined) ?? randomAddress(rand);
      }
      picked.push(r);
      newSrc.push(fromAttacker ? address : src.values[r]);
      newDst.push(fromAttacker ? dst.values[r] : address);
      added++;
    }
    floods.push({ cls: s.cls, rows: added });
  }
  const overrides = new Map<string, (i: number) => number | null>([
    ['ip.src', (i) => newSrc[i]],
    ['ip.dst', (i) => newDst[i]],
  ]);
  return { ...appendCopies(table, rowLabels, rowParts, picked, floods, overrides), floods };
}

/**
 * `picked` rows copied after the capture, flood by flood (`floods[k].rows` of them each), each flood's copy a
 * minute after the previous one (or the capture) ends, labelled as their originals and for training only.
 * `overrides` gives an integer column's value for copy i (null: missing; undefined: the original's); `texts` a
 * string column's value for every copy.
 */
export function appendCopies(
  table: PacketTable,
  rowLabels: Uint8Array,
  rowParts: Uint8Array,
  picked: readonly number[],
  floods: readonly { readonly rows: number }[],
  overrides: ReadonlyMap<string, (i: number) => number | null | undefined>,
  texts: ReadonlyMap<string, string> = new Map(),
): Omit<VariantRows, 'floods'> {
  const offsets = new Float64Array(picked.length);
  let end = table.timeUs[table.rowCount - 1];
  let at = 0;
  for (const f of floods) {
    const first = table.timeUs[picked[at]];
    const shift = end + GAP_US - first;
    for (let i = at; i < at + f.rows; i++) offsets[i] = shift;
    end = table.timeUs[picked[at + f.rows - 1]] + shift;
    at += f.rows;
  }
  const n = table.rowCount;
  const m = picked.length;
  const timeUs = new Float64Array(n + m);
  timeUs.set(table.timeUs);
  const timeNs = new Uint16Array(n + m);
  timeNs.set(table.timeNs);
  for (let i = 0; i < m; i++) {
    timeUs[n + i] = table.timeUs[picked[i]] + offsets[i];
    timeNs[n + i] = table.timeNs[picked[i]];
  }
  const columns = table.columns.map((c) => appendRows(c, picked, n, overrides.get(c.name) ?? null, texts.get(c.name)));
  const labels = new Uint8Array(n + m);
  labels.set(rowLabels);
  for (let i = 0; i < m; i++) labels[n + i] = rowLabels[picked[i]];
  const parts = new Uint8Array(n + m).fill(TRAIN);
  parts.set(rowParts);
  return { table: { rowCount: n + m, timeUs, timeNs, columns }, rowLabels: labels, rowParts: parts };
}

/** A reset that is not part of a SYN: what the attacker's kernel answers to replies it never asked for. */
const isOwnReset = (flags: number): boolean => flags >= 0 && (flags & TCP_RST) !== 0 && (flags & TCP_SYN) === 0;

export function intColumn(table: PacketTable, name: string): IntColumn | undefined {
  const c = findColumn(table, name);
  return c && c.kind === 'int' ? c : undefined;
}

/** Row indices of each run, in row order. */
function rowsByRun(runs: Int32Array): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < runs.length; r++) {
    const k = runs[r];
    if (k < 0) continue;
    out[k] ??= [];
    out[k].push(r);
  }
  return out.filter(Boolean);
}

function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = values[0];
  let most = 0;
  for (const v of values) {
    const c = (counts.get(v) ?? 0) + 1;
    counts.set(v, c);
    if (c > most) {
      most = c;
      best = v;
    }
  }
  return best;
}

/** The attacker's port (TCP, UDP) or ICMP sequence that ties a reply to its packet; -1 when none. */
function portKey(
  ports: readonly (IntColumn | undefined)[],
  icmpSeq: IntColumn | undefined,
  r: number,
  value: (c: IntColumn | undefined, r: number) => number,
): number {
  for (const [i, c] of ports.entries()) {
    const v = value(c, r);
    if (v >= 0) return i * 65_536 + v;
  }
  const s = value(icmpSeq, r);
  return s >= 0 ? 2 * 65_536 + s : -1;
}

/** `c` with rows `picked` appended (copy i's value from `override` when given; every copy's text `text` when given). */
function appendRows(
  c: Column,
  picked: readonly number[],
  n: number,
  override: ((i: number) => number | null | undefined) | null,
  text?: string,
): Column {
  const m = picked.length;
  switch (c.kind) {
    case 'int': {
      const old = c.values;
      const values = new (old.constructor as new (length: number) => typeof old)(n + m);
      values.set(c.values);
      const present = new Uint8Array(bitmapBytes(n + m));
      present.set(c.present.subarray(0, bitmapBytes(n)));
      for (let i = 0; i < m; i++) {
        const r = picked[i];
        const o = override ? override(i) : undefined;
        const v = o !== undefined ? o : isPresent(c.present, r) ? c.values[r] : null;
        if (v === null) continue;
        values[n + i] = v;
        present[(n + i) >>> 3] |= 1 << ((n + i) & 7);
      }
      return { ...c, values, present };
    }
    case 'float': {
      const values = new Float64Array(n + m);
      values.set(c.values);
      for (let i = 0; i < m; i++) values[n + i] = c.values[picked[i]];
      return { ...c, values };
    }
    case 'string': {
      const dict = text !== undefined && !c.dict.includes(text) ? [...c.dict, text] : c.dict;
      const code = text !== undefined ? dict.indexOf(text) : -1;
      const old = c.codes;
      const wide =
        dict.length > 0xffff
          ? Uint32Array
          : dict.length > 0xff && old instanceof Uint8Array
            ? Uint16Array
            : (old.constructor as new (
                length: number,
              ) => typeof old);
      const codes = new wide(n + m);
      codes.set(c.codes);
      for (let i = 0; i < m; i++) codes[n + i] = code >= 0 ? code : c.codes[picked[i]];
      return { ...c, codes, dict };
    }
    case 'time': {
      if (!c.zoneCodes) return c;
      const zoneCodes = new Uint8Array(n + m);
      zoneCodes.set(c.zoneCodes);
      for (let i = 0; i < m; i++) zoneCodes[n + i] = c.zoneCodes[picked[i]];
      return { ...c, zoneCodes };
    }
  }
}
