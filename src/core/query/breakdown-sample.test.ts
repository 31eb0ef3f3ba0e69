/**
 * breakdown-tables on lab-a's real capture, checked against counts computed straight from
 * the CSV text with a tiny splitter (not through the table or the filter engine's column code).
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvLoad } from '../ingest/csv-load.ts';
import type { TimeRange } from './bins-range.ts';
import {
  conversations,
  protocolHierarchy,
  tcpFlagMix,
  tcpSeqFrequency,
  tcpSeqPerStream,
  topTalkers,
  topValues,
  type ProtocolNode,
} from './breakdown-tables.ts';
import { evaluateFilter } from './filter-eval.ts';
import { filterSchema } from './filter-fields.ts';
import { parseFilter } from './filter-parser.ts';
import { referenceSplit } from '../test-support/reference-split.ts';

const text = gunzipSync(
  readFileSync(join(import.meta.dirname, '..', '..', '..', 'public', 'samples', 'lab-a', 'packets.csv.gz')),
).toString('utf8');
const bytes = new TextEncoder().encode(text);
const load = new CsvLoad({ fileName: 'packets.csv', fileBytes: bytes.length, compressed: false });
load.push(bytes);
const table = load.finish().table;

const lines = text.split('\n').filter((l) => l.length > 0);
const header = referenceSplit(lines[0]);
const cells = lines.slice(1).map((l) => referenceSplit(l));
const col = (name: string): string[] => {
  const k = header.indexOf(name);
  return cells.map((c) => c[k] ?? '');
};
const epoch = col('frame.time_epoch');
const sec = epoch.map((e) => Number(e.split('.')[0]));
const nanos = epoch.map((e) => Number((e.split('.')[1] ?? '').padEnd(9, '0')));
const us = sec.map((s, i) => s * 1e6 + Math.floor(nanos[i] / 1000));
const len = col('frame.len').map(Number);
const [src, dst, seq, flags, stream, protocols, dport] = [
  'ip.src',
  'ip.dst',
  'tcp.seq',
  'tcp.flags',
  'tcp.stream',
  'frame.protocols',
  'tcp.dstport',
].map(col);
const N = cells.length;

function countBy<K>(
  keys: readonly K[],
  keep: (i: number) => boolean = () => true,
  weight: (i: number) => number = () => 1,
): Map<K, number> {
  const m = new Map<K, number>();
  for (let i = 0; i < keys.length; i++) if (keep(i)) m.set(keys[i], (m.get(keys[i]) ?? 0) + weight(i));
  return m;
}

function mask(filter: string): Uint8Array {
  const r = parseFilter(filter, filterSchema(table));
  if (!r.ok) throw new Error(r.error.message);
  return evaluateFilter(table, r.value);
}

const lowest = (a: Iterable<number>): number => {
  let m = Infinity;
  for (const v of a) if (v < m) m = v;
  return m;
};
const highest = (a: Iterable<number>): number => {
  let m = -Infinity;
  for (const v of a) if (v > m) m = v;
  return m;
};

describe('lab-a: breakdown tables against the CSV', () => {
  it('top talkers are the 4 hosts with their packets and bytes', () => {
    const t = topTalkers(table, null, null, 10);
    expect(t.length).toBe(4);
    for (const x of t) {
      const a = x.address;
      const either = (i: number): boolean => src[i] === a || dst[i] === a;
      expect([a, x.packets, x.bytes, x.txPackets, x.rxPackets]).toEqual([
        a,
        countBy(src, either).size ? [...countBy(src, either).values()].reduce((s, v) => s + v, 0) : 0,
        len.reduce((s, l, i) => s + (either(i) ? l : 0), 0),
        src.filter((s) => s === a).length,
        dst.filter((d) => d === a).length,
      ]);
    }
    expect(t.map((x) => x.address)).toEqual(['10.20.30.101', '10.20.30.103', '10.20.30.110', '10.20.30.111']);
  });

  it.each(['ip.src', 'ip.dst', 'tcp.dstport', 'attack'])('top values of %s', (field) => {
    const values = col(field);
    const want = countBy(values, (i) => values[i] !== '');
    const wantBytes = countBy(
      values,
      (i) => values[i] !== '',
      (i) => len[i],
    );
    const r = topValues(table, null, null, field, 10);
    expect(r.distinct).toBe(want.size);
    expect(r.missing.packets).toBe(values.filter((v) => v === '').length);
    const sorted = [...want.values()].sort((a, b) => b - a);
    r.rows.forEach((x, k) => {
      expect([x.label, x.packets, x.bytes]).toEqual([x.label, want.get(x.label), wantBytes.get(x.label)]);
      expect(x.packets).toBe(sorted[k]);
    });
    expect(r.total.packets).toBe(N);
  });

  it('conversations match host pairs counted from the CSV', () => {
    const key = (i: number): string => [src[i], dst[i]].sort().join(' ');
    const has = (i: number): boolean => src[i] !== '' && dst[i] !== '';
    const keys = cells.map((_, i) => (has(i) ? key(i) : ''));
    const want = countBy(keys, has);
    const r = conversations(table, null, null, 1000);
    expect(r.length).toBe(want.size);
    for (const c of r) {
      const k = [c.a, c.b].sort().join(' ');
      const rows = keys.flatMap((x, i) => (x === k ? [i] : []));
      expect([k, c.packets, c.bytes, c.packetsAToB]).toEqual([
        k,
        rows.length,
        rows.reduce((s, i) => s + len[i], 0),
        rows.filter((i) => src[i] === c.a).length,
      ]);
      expect([c.firstUs, c.lastUs]).toEqual([lowest(rows.map((i) => us[i])), highest(rows.map((i) => us[i]))]);
    }
  });

  it('keeps to a time range and a filter: SYNs in the SYN flood window', () => {
    const range: TimeRange = {
      fromUs: Date.UTC(2026, 10, 22, 20, 12, 58, 500) * 1000,
      toUs: Date.UTC(2026, 10, 22, 20, 13, 8) * 1000,
    };
    const rows = us.flatMap((u, i) => (u >= range.fromUs && u < range.toUs && flags[i] === '0x0002' ? [i] : []));
    expect(rows.length).toBeGreaterThan(20000);
    const ports = topValues(table, mask('tcp.flags == 0x002'), range, 'tcp.dstport', 3);
    expect(ports.total.packets).toBe(rows.length);
    expect(ports.rows[0].label).toBe('80');
    expect(ports.rows[0].packets).toBe(rows.filter((i) => dport[i] === '80').length);
    expect(protocolHierarchy(table, mask('tcp.flags == 0x002'), range).frames).toBe(rows.length);
  });

  it('protocol hierarchy counts every stack prefix', () => {
    const root = protocolHierarchy(table, null, null);
    expect([root.frames, root.bytes]).toEqual([N, len.reduce((a, b) => a + b, 0)]);
    const visit = (n: ProtocolNode): void => {
      if (n.path) {
        const rows = protocols.flatMap((p, i) => (p === n.path || p.startsWith(`${n.path}:`) ? [i] : []));
        expect([n.path, n.frames, n.bytes, n.endFrames]).toEqual([
          n.path,
          rows.length,
          rows.reduce((s, i) => s + len[i], 0),
          protocols.filter((p) => p === n.path).length,
        ]);
      }
      n.children.forEach(visit);
    };
    visit(root);
    expect(root.children.map((c) => c.name)).toEqual(['eth']);
  });

  it('tcp flag mix and tcp.seq frequency', () => {
    const wantFlags = countBy(flags, (i) => flags[i] !== '');
    const mix = tcpFlagMix(table, null, null);
    expect(new Map(mix.map((x) => [`0x${x.flags.toString(16).padStart(4, '0')}`, x.packets]))).toEqual(wantFlags);
    expect(mix[0].name).toBe('SYN');
    const wantSeq = countBy(seq, (i) => seq[i] !== '');
    const f = tcpSeqFrequency(table, null, null, 5);
    expect(f.distinct).toBe(wantSeq.size);
    for (const v of f.values) expect(v.packets).toBe(wantSeq.get(String(v.seq)));
    expect(f.values[0].packets).toBe(highest(wantSeq.values()));
  });

  it('tcp.seq per stream: the busiest streams with their points in time order', () => {
    const has = (i: number): boolean => stream[i] !== '' && seq[i] !== '';
    const want = countBy(stream, has);
    const r = tcpSeqPerStream(table, mask('tcp.dstport == 21 || tcp.srcport == 21'), null, 3);
    const sport = col('tcp.srcport');
    const ftp = countBy(stream, (i) => has(i) && (dport[i] === '21' || sport[i] === '21'));
    expect(r.streamCount).toBe(ftp.size);
    const all = tcpSeqPerStream(table, null, null, 3);
    expect(all.streamCount).toBe(want.size);
    for (const s of all.streams) {
      const rows = cells
        .flatMap((_, i) => (has(i) && stream[i] === String(s.stream) ? [i] : []))
        .sort((a, b) => us[a] - us[b] || a - b);
      expect(s.packets).toBe(rows.length);
      expect(Array.from(s.seq)).toEqual(rows.map((i) => Number(seq[i])));
      expect(Array.from(s.timeUs)).toEqual(rows.map((i) => us[i]));
    }
    expect(all.streams[0].packets).toBe(highest(want.values()));
  });
});
