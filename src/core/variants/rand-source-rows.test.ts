import { describe, expect, it } from 'vitest';
import { tableFromCsv } from '../labels/test-tables.ts';
import { TEST, TRAIN } from '../features/splits.ts';
import { findColumn, isPresent, type IntColumn, type PacketTable } from '../table/packet-table.ts';
import { withRandSourceFloods } from './rand-source-rows.ts';

const HEAD = 'frame.time_epoch,frame.len,ip.src,ip.dst,ip.proto,tcp.srcport,tcp.dstport,tcp.flags';
const T = 1795378378;
const ATTACKER = '10.0.0.1';
const VICTIM = '10.0.0.2';

/**
 * A SYN flood (250/s unless told) from one source port per SYN: every SYN answered by a SYN-ACK, which the attacker's
 * kernel resets; then a quiet benign browse. Labels: 1 for the flood's three packets, 0 for the browse.
 */
function capture(syns: number, gapS = 0.004): { table: PacketTable; labels: Uint8Array } {
  const lines: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < syns; i++) {
    const t = T + i * gapS;
    const port = 1024 + i;
    lines.push(`${t.toFixed(6)},54,${ATTACKER},${VICTIM},6,${port},80,0x0002`);
    lines.push(`${(t + 0.0001).toFixed(6)},58,${VICTIM},${ATTACKER},6,80,${port},0x0012`);
    lines.push(`${(t + 0.0002).toFixed(6)},54,${ATTACKER},${VICTIM},6,${port},80,0x0004`);
    labels.push(1, 1, 1);
  }
  for (let i = 0; i < 20; i++) {
    lines.push(`${(T + syns * gapS + 100 + i).toFixed(6)},60,10.0.0.3,10.0.0.4,6,${5000 + i},443,0x0018`);
    labels.push(0);
  }
  return { table: tableFromCsv(`${[HEAD, ...lines].join('\n')}\n`), labels: Uint8Array.from(labels) };
}

const ints = (t: PacketTable, name: string): IntColumn => findColumn(t, name) as IntColumn;
const addr = (s: string): number => s.split('.').reduce((a, o) => a * 256 + Number(o), 0);

describe('random-source copies of training floods', () => {
  const { table, labels } = capture(600);
  const parts = new Uint8Array(table.rowCount).fill(TRAIN);

  it('copies the flood with a new source per SYN, replies to it, no attacker resets, after the capture', () => {
    const v = withRandSourceFloods(table, labels, parts, { packetsPerFlood: 300, seed: 1 });
    expect(v.floods).toEqual([{ cls: 1, rows: 599 }]); // 300 SYNs + 299 SYN-ACKs (the slice ends at the 300th SYN), no RST
    const n = table.rowCount;
    expect(v.table.rowCount).toBe(n + 599);
    const src = ints(v.table, 'ip.src');
    const dst = ints(v.table, 'ip.dst');
    const sport = ints(v.table, 'tcp.srcport');
    const dport = ints(v.table, 'tcp.dstport');
    const flags = ints(v.table, 'tcp.flags');
    const sources = new Map<number, number>(); // SYN source port -> its random address
    for (let r = n; r < n + 599; r++) {
      expect(v.table.timeUs[r]).toBeGreaterThanOrEqual(table.timeUs[n - 1] + 60e6);
      if (r > n) expect(v.table.timeUs[r]).toBeGreaterThanOrEqual(v.table.timeUs[r - 1]);
      expect(flags.values[r] & 0x04).toBe(0);
      if (flags.values[r] === 0x0002) {
        expect(dst.values[r]).toBe(addr(VICTIM));
        expect(src.values[r]).not.toBe(addr(ATTACKER));
        sources.set(sport.values[r], src.values[r]);
      } else {
        expect(src.values[r]).toBe(addr(VICTIM));
        expect(dst.values[r]).toBe(sources.get(dport.values[r])); // the SYN-ACK goes where its SYN came from
      }
      expect(v.rowLabels[r]).toBe(1);
      expect(v.rowParts[r]).toBe(TRAIN);
    }
    expect(new Set(sources.values()).size).toBeGreaterThan(295);
    // The capture's own rows are untouched.
    expect(Array.from(src.values.subarray(0, n))).toEqual(Array.from(ints(table, 'ip.src').values));
    expect(isPresent(src.present, n + 598)).toBe(true);
  });

  it('leaves test rows, slow traffic and captures without floods alone', () => {
    expect(withRandSourceFloods(table, labels, new Uint8Array(table.rowCount).fill(TEST)).floods).toEqual([]);
    const slow = capture(300, 0.1); // 10 connections a second: no flood
    expect(
      withRandSourceFloods(slow.table, slow.labels, new Uint8Array(slow.table.rowCount).fill(TRAIN)).floods,
    ).toEqual([]);
    const benign = new Uint8Array(table.rowCount);
    const same = withRandSourceFloods(table, benign, parts);
    expect(same.table).toBe(table);
  });
});
