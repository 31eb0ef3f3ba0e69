import { describe, expect, it } from 'vitest';
import { tableFromCsv } from '../labels/test-tables.ts';
import { TRAIN } from '../features/splits.ts';
import { packetColumns, payloadOf } from '../features/packet-columns.ts';
import { findColumn, type StringColumn } from '../table/packet-table.ts';
import { withEchoFloods } from './echo-flood-rows.ts';

const HEAD =
  'frame.time_epoch,frame.len,frame.protocols,ip.src,ip.dst,ip.len,ip.proto,tcp.srcport,tcp.dstport,tcp.flags,icmp.type,icmp.code';
const T = 1795378378;

/** A SYN flood at 250/s: SYN, SYN-ACK, the attacker's RST; then benign browsing. Labels: 1 for the flood. */
function capture(syns: number): { csv: string; labels: Uint8Array } {
  const lines: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < syns; i++) {
    const t = T + i * 0.004;
    const p = 1024 + i;
    lines.push(`${t.toFixed(6)},54,eth:ethertype:ip:tcp,10.0.0.1,10.0.0.2,40,6,${p},80,0x0002,,`);
    lines.push(`${(t + 0.0001).toFixed(6)},58,eth:ethertype:ip:tcp,10.0.0.2,10.0.0.1,44,6,80,${p},0x0012,,`);
    lines.push(`${(t + 0.0002).toFixed(6)},54,eth:ethertype:ip:tcp,10.0.0.1,10.0.0.2,40,6,${p},80,0x0004,,`);
    labels.push(1, 1, 1);
  }
  for (let i = 0; i < 20; i++) {
    lines.push(`${(T + 100 + i).toFixed(6)},60,eth:ethertype:ip:tcp,10.0.0.3,10.0.0.4,46,6,${5000 + i},443,0x0018,,`);
    labels.push(0);
  }
  return { csv: `${[HEAD, ...lines].join('\n')}\n`, labels: Uint8Array.from(labels) };
}

describe('ICMP echo copies of training floods', () => {
  it('copies a SYN flood as hping3 --icmp would send it: empty echo requests, echo replies, no resets; same class, training only', () => {
    const { csv, labels } = capture(600);
    const table = tableFromCsv(csv);
    const v = withEchoFloods(table, labels, new Uint8Array(table.rowCount).fill(TRAIN));
    // Each SYN and its SYN-ACK, up to the last SYN (its answer falls past the slice, as for random-source copies).
    expect(v.floods).toEqual([{ cls: 1, rows: 1199 }]);
    const n = table.rowCount;
    expect(v.table.rowCount).toBe(n + 1199);
    const c = packetColumns(v.table);
    const copies = Array.from({ length: 1199 }, (_, i) => n + i);
    expect(new Set(copies.map((r) => c.ipProto[r]))).toEqual(new Set([1]));
    expect(copies.filter((r) => c.icmpType[r] === 8)).toHaveLength(600);
    expect(copies.filter((r) => c.icmpType[r] === 0)).toHaveLength(599);
    expect(copies.every((r) => Number.isNaN(c.tcpFlags[r]) && Number.isNaN(c.dstPort[r]))).toBe(true);
    expect(copies.every((r) => c.frameLen[r] === 42 && payloadOf(c, r) === 0)).toBe(true);
    const protocols = findColumn(v.table, 'frame.protocols') as StringColumn;
    expect(protocols.dict[protocols.codes[n]]).toBe('eth:ethertype:ip:icmp');
    // After the capture, a minute apart, labelled as the flood.
    expect(v.table.timeUs[n]).toBeGreaterThan(table.timeUs[n - 1] + 59e6);
    expect([...new Set(v.rowLabels.subarray(n))]).toEqual([1]);
  });

  it('leaves an ICMP flood and a capture without floods alone', () => {
    const { csv, labels } = capture(600);
    const icmp = csv.replace(/,6,(\d+),(\d+),0x00\d\d,,/g, ',1,,,,8,0');
    const table = tableFromCsv(icmp);
    expect(withEchoFloods(table, labels, new Uint8Array(table.rowCount).fill(TRAIN)).floods).toEqual([]);
    const quiet = tableFromCsv(capture(10).csv);
    expect(
      withEchoFloods(quiet, new Uint8Array(quiet.rowCount), new Uint8Array(quiet.rowCount).fill(TRAIN)).floods,
    ).toEqual([]);
  });
});
