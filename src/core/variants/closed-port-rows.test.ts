import { describe, expect, it } from 'vitest';
import { tableFromCsv } from '../labels/test-tables.ts';
import { TRAIN } from '../features/splits.ts';
import { packetColumns } from '../features/packet-columns.ts';
import { withClosedPortFloods } from './closed-port-rows.ts';

const HEAD =
  'frame.time_epoch,frame.len,ip.src,ip.dst,ip.len,ip.proto,tcp.srcport,tcp.dstport,tcp.flags,tcp.seq,tcp.ack,tcp.window_size';
const T = 1795378378;

/** A SYN flood at an open port, 250/s: SYN, SYN-ACK, the attacker's RST. Labels: 1. */
function synFlood(syns: number, udp = false): { csv: string; labels: Uint8Array } {
  const lines: string[] = [];
  for (let i = 0; i < syns; i++) {
    const t = T + i * 0.004;
    const p = 1024 + i;
    if (udp) {
      lines.push(`${t.toFixed(6)},42,10.0.0.1,10.0.0.2,28,17,,,,,,`);
      continue;
    }
    lines.push(`${t.toFixed(6)},54,10.0.0.1,10.0.0.2,40,6,${p},80,0x0002,0,,512`);
    lines.push(`${(t + 0.0001).toFixed(6)},58,10.0.0.2,10.0.0.1,44,6,80,${p},0x0012,0,1,64240`);
    lines.push(`${(t + 0.0002).toFixed(6)},54,10.0.0.1,10.0.0.2,40,6,${p},80,0x0004,1,,0`);
  }
  return { csv: `${[HEAD, ...lines].join('\n')}\n`, labels: new Uint8Array(lines.length).fill(1) };
}

describe('closed-port copies of training SYN floods', () => {
  it("answers every SYN with the RST-ACK a closed port sends, without the attacker's resets; same class, after the capture", () => {
    const { csv, labels } = synFlood(600);
    const table = tableFromCsv(csv);
    const v = withClosedPortFloods(table, labels, new Uint8Array(table.rowCount).fill(TRAIN));
    const n = table.rowCount;
    expect(v.floods).toEqual([{ cls: 1, rows: 1199 }]);
    const c = packetColumns(v.table);
    const copies = Array.from({ length: 1199 }, (_, i) => n + i);
    const flags = copies.map((r) => c.tcpFlags[r]);
    expect(flags.filter((f) => f === 0x02)).toHaveLength(600);
    expect(flags.filter((f) => f === 0x14)).toHaveLength(599);
    const rst = copies.filter((r) => c.tcpFlags[r] === 0x14);
    expect(rst.every((r) => c.frameLen[r] === 54 && c.tcpWin[r] === 0 && c.tcpSeq[r] === 1 && c.tcpAck[r] === 1)).toBe(
      true,
    );
    // The SYNs are the flood's own, unchanged.
    const syn = copies.filter((r) => c.tcpFlags[r] === 0x02);
    expect(syn.every((r) => c.frameLen[r] === 54 && c.tcpWin[r] === 512)).toBe(true);
    expect(v.table.timeUs[n]).toBeGreaterThan(table.timeUs[n - 1] + 59e6);
    expect([...new Set(v.rowLabels.subarray(n))]).toEqual([1]);
  });

  it('leaves other floods alone', () => {
    const { csv, labels } = synFlood(1200, true);
    const table = tableFromCsv(csv);
    expect(withClosedPortFloods(table, labels, new Uint8Array(table.rowCount).fill(TRAIN)).floods).toEqual([]);
  });
});
