import { describe, expect, it } from 'vitest';
import { tableFromCsv } from '../labels/test-tables.ts';
import { featureSpec, PACKET_FEATURES, stepWidth, WINDOW_FEATURES } from './feature-spec.ts';
import { Featurizer } from './featurizer.ts';
import { groupKeyOf } from './group-key.ts';
import { packetColumns, payloadOf } from './packet-columns.ts';
import { fitNormaliser, SampleBuilder } from './samples.ts';
import { buildWindows, groupIds, windowLabels } from './windows.ts';
import { prepareWindows } from './prepare.ts';
import {
  copyWindowValues,
  windowFeaturesOf,
  windowValueArrays,
  WINDOW_WIDTH,
  type WindowValueArrays,
} from './window-features.ts';

const HEAD =
  'frame.time_epoch,frame.len,frame.protocols,ip.src,ip.dst,ip.len,ip.ttl,ip.proto,tcp.srcport,tcp.dstport,tcp.len,tcp.seq,tcp.ack,tcp.flags,tcp.window_size,udp.srcport,udp.dstport,icmp.type';
type P = {
  t: number;
  len?: number;
  proto?: string;
  src?: string;
  dst?: string;
  ttl?: number;
  ipProto?: number;
  sp?: number;
  dp?: number;
  tcpLen?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  win?: number;
  icmp?: number;
};
function csv(ps: P[]): string {
  const q = (v: unknown): string => (v === undefined ? '' : `"${String(v)}"`);
  const lines = ps.map((p) => {
    const tcp = p.ipProto === 6;
    const udp = p.ipProto === 17;
    return [
      q(p.t.toFixed(6)),
      q(p.len ?? 60),
      q(
        p.proto ??
          (tcp
            ? 'eth:ethertype:ip:tcp'
            : udp
              ? 'eth:ethertype:ip:udp'
              : p.ipProto === 1
                ? 'eth:ethertype:ip:icmp'
                : 'eth:ethertype:arp'),
      ),
      q(p.src),
      q(p.dst),
      q(p.src ? (p.len ?? 60) - 14 : undefined),
      q(p.ttl),
      q(p.ipProto),
      q(tcp ? p.sp : undefined),
      q(tcp ? p.dp : undefined),
      q(tcp ? (p.tcpLen ?? 0) : undefined),
      q(tcp ? p.seq : undefined),
      q(tcp ? p.ack : undefined),
      q(tcp ? `0x${(p.flags ?? 0).toString(16).padStart(4, '0')}` : undefined),
      q(tcp ? p.win : undefined),
      q(udp ? p.sp : undefined),
      q(udp ? p.dp : undefined),
      q(p.icmp),
    ].join(',');
  });
  return `${[HEAD, ...lines].join('\n')}\n`;
}
const T = 1795378378;
const spec = featureSpec();
const feature = (out: Float32Array, row: number, name: string): number =>
  out[row * spec.packet.length + spec.packet.indexOf(name)];

describe('eth_group', () => {
  it('is 1 for a frame to a broadcast or multicast address, 0 for unicast, 0 when eth.dst is missing', () => {
    const t = tableFromCsv(
      `${[
        'frame.time_epoch,frame.protocols,eth.src,eth.dst',
        `"${T}","eth:ethertype:arp","02:4c:0a:14:1e:67","ff:ff:ff:ff:ff:ff"`,
        `"${T + 1}","eth:ethertype:arp","02:4c:0a:14:1e:67","02:4c:0a:14:1e:65"`,
        `"${T + 2}","eth:ethertype:ip:udp","02:4c:0a:14:1e:67","01:00:5e:00:00:fb"`,
        `"${T + 3}","eth:ethertype:arp","02:4c:0a:14:1e:67",`,
      ].join('\n')}\n`,
    );
    const c = packetColumns(t);
    const o = new Float32Array(c.rows * spec.packet.length);
    new Featurizer(spec, 'pair').run(c, 0, c.rows, o);
    expect([0, 1, 2, 3].map((r) => feature(o, r, 'eth_group'))).toEqual([1, 0, 1, 0]);
  });
});

describe('packet features', () => {
  const table = tableFromCsv(
    csv([
      {
        t: T,
        src: '10.0.0.1',
        dst: '10.0.0.2',
        ttl: 64,
        ipProto: 6,
        sp: 40000,
        dp: 80,
        seq: 0,
        ack: 0,
        flags: 0x002,
        win: 64240,
        len: 74,
      },
      {
        t: T + 0.001,
        src: '10.0.0.2',
        dst: '10.0.0.1',
        ttl: 64,
        ipProto: 6,
        sp: 80,
        dp: 40000,
        seq: 0,
        ack: 1,
        flags: 0x012,
        win: 65160,
        len: 74,
      },
      {
        t: T + 0.002,
        src: '10.0.0.1',
        dst: '10.0.0.2',
        ttl: 64,
        ipProto: 6,
        sp: 40000,
        dp: 80,
        seq: 1,
        ack: 1,
        flags: 0x018,
        tcpLen: 100,
        win: 502,
        len: 174,
      },
      { t: T + 1, src: '10.0.0.3', dst: '10.0.0.2', ttl: 128, ipProto: 17, sp: 5353, dp: 53, len: 80 },
      { t: T + 2, src: '10.0.0.3', dst: '10.0.0.2', ttl: 64, ipProto: 1, icmp: 8, len: 98 },
      { t: T + 3 },
    ]),
  );
  const cols = packetColumns(table);
  const out = new Float32Array(cols.rows * spec.packet.length);
  const keys = new Featurizer(spec, 'pair').run(cols, 0, cols.rows, out);

  it('reads sizes, ttl, protocol and flags of each packet', () => {
    expect(feature(out, 0, 'log_frame_len')).toBeCloseTo(Math.log1p(74) / 8, 6);
    expect(feature(out, 3, 'ip_ttl')).toBeCloseTo(128 / 255, 6);
    expect(
      [0, 3, 4, 5].map((r) => ['proto_tcp', 'proto_udp', 'proto_icmp', 'proto_arp'].map((f) => feature(out, r, f))),
    ).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    expect(['tcp_syn', 'tcp_ack', 'tcp_psh'].map((f) => feature(out, 1, f))).toEqual([1, 1, 0]);
    expect(['tcp_syn', 'tcp_ack', 'tcp_psh'].map((f) => feature(out, 2, f))).toEqual([0, 1, 1]);
    expect(feature(out, 2, 'log_tcp_len')).toBeCloseTo(Math.log1p(100) / 8, 6);
    expect(feature(out, 4, 'icmp_echo_request')).toBe(1);
  });

  it('reads the layer-4 payload of any protocol (spec 3)', () => {
    // TCP 100 bytes; a bare SYN; UDP 80-byte frame: ip.len 66 - 28 = 38; ICMP 98-byte frame: 56; ARP none.
    expect([2, 0, 3, 4, 5].map((r) => feature(out, r, 'has_payload'))).toEqual([1, 0, 1, 1, 0]);
    expect(feature(out, 2, 'log_payload_len')).toBeCloseTo(Math.log1p(100) / 8, 6);
    expect(feature(out, 3, 'log_payload_len')).toBeCloseTo(Math.log1p(38) / 8, 6);
    expect(feature(out, 4, 'log_payload_len')).toBeCloseTo(Math.log1p(56) / 8, 6);
    expect(payloadOf(cols, 5)).toBe(0);
  });

  it('classes ports as well-known or ephemeral, never as services by default', () => {
    expect([feature(out, 0, 'dst_port_well_known'), feature(out, 0, 'src_port_ephemeral')]).toEqual([1, 1]);
    expect([feature(out, 1, 'dst_port_ephemeral'), feature(out, 1, 'src_port_well_known')]).toEqual([1, 1]);
    expect(spec.packet.some((n) => n.startsWith('dst_service'))).toBe(false);
    expect(featureSpec(true).packet).toContain('dst_service_22');
  });

  it('measures time, seq and ack deltas within the group and flow, and direction within the pair', () => {
    expect(feature(out, 0, 'log_dt_group'), 'a first packet reads as after a long silence').toBe(1);
    expect(feature(out, 1, 'log_dt_group')).toBeCloseTo(Math.log1p(1000) / 20, 6);
    expect(feature(out, 2, 'seq_delta_sign')).toBe(1);
    expect(feature(out, 2, 'log_seq_delta')).toBeCloseTo(Math.log1p(1) / 22, 6);
    expect([0, 1, 2].map((r) => feature(out, r, 'direction'))).toEqual([1, 0, 1]);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it('never uses addresses or absolute times: shifting both changes no feature', () => {
    const moved = tableFromCsv(
      csv([
        {
          t: T + 86400 * 30,
          src: '192.168.5.1',
          dst: '192.168.5.2',
          ttl: 64,
          ipProto: 6,
          sp: 40000,
          dp: 80,
          seq: 0,
          ack: 0,
          flags: 0x002,
          win: 64240,
          len: 74,
        },
        {
          t: T + 86400 * 30 + 0.001,
          src: '192.168.5.2',
          dst: '192.168.5.1',
          ttl: 64,
          ipProto: 6,
          sp: 80,
          dp: 40000,
          seq: 0,
          ack: 1,
          flags: 0x012,
          win: 65160,
          len: 74,
        },
      ]),
    );
    const c2 = packetColumns(moved);
    const o2 = new Float32Array(2 * spec.packet.length);
    new Featurizer(spec, 'pair').run(c2, 0, 2, o2);
    expect(Array.from(o2)).toEqual(Array.from(out.slice(0, 2 * spec.packet.length)));
  });

  it('groups by pair, flow, destination, source or nothing', () => {
    expect(groupKeyOf(cols, 0, 'pair')).toBe(groupKeyOf(cols, 1, 'pair'));
    expect(groupKeyOf(cols, 0, 'flow')).toBe(groupKeyOf(cols, 2, 'flow'));
    expect(groupKeyOf(cols, 0, 'dst')).not.toBe(groupKeyOf(cols, 1, 'dst'));
    expect(groupKeyOf(cols, 3, 'src')).toBe(groupKeyOf(cols, 4, 'src'));
    expect(new Set([0, 1, 2, 3, 4, 5].map((r) => groupKeyOf(cols, r, 'none'))).size).toBe(1);
  });
});

describe('windows', () => {
  it('cuts each group into windows of N ending at its newest packet, every stride packets', () => {
    const ids = Int32Array.from([0, 1, 0, 0, 1, 0, 0, 1]); // group 0: rows 0,2,3,5,6; group 1: rows 1,4,7
    const w = buildWindows(ids, 2, { key: 'pair', size: 3, stride: 1 });
    const rows = (i: number): number[] => Array.from(w.order.subarray(w.starts[i], w.starts[i] + 3));
    expect(Array.from({ length: w.count }, (_, i) => rows(i))).toEqual([
      [0, 2, 3],
      [2, 3, 5],
      [3, 5, 6],
      [1, 4, 7],
    ]);
    const w2 = buildWindows(ids, 2, { key: 'pair', size: 3, stride: 2 });
    expect(
      Array.from({ length: w2.count }, (_, i) => Array.from(w2.order.subarray(w2.starts[i], w2.starts[i] + 3))),
    ).toEqual([
      [0, 2, 3],
      [3, 5, 6],
      [1, 4, 7],
    ]);
    expect(buildWindows(ids, 2, { key: 'pair', size: 6, stride: 1 }).count).toBe(0);
  });

  it('labels a window by its last packet, or by the majority', () => {
    const ids = new Int32Array(5);
    const w = buildWindows(ids, 1, { key: 'none', size: 5, stride: 1 });
    const labels = Uint8Array.from([1, 1, 1, 0, 2]);
    expect(Array.from(windowLabels(w, labels, 'last'))).toEqual([2]);
    expect(Array.from(windowLabels(w, labels, 'majority'))).toEqual([1]);
  });

  it('builds samples of packet then window features, and fits the normaliser on the windows given', () => {
    const rows: P[] = [];
    for (let i = 0; i < 40; i++)
      rows.push({
        t: T + i * 0.01,
        src: '10.0.0.1',
        dst: '10.0.0.2',
        ttl: 64,
        ipProto: 6,
        sp: 40000 + i,
        dp: 80,
        seq: 0,
        ack: 0,
        flags: 2,
        win: 1024,
        len: 60 + (i % 2) * 1000,
      });
    const table = tableFromCsv(csv(rows));
    const p = prepareWindows(table, new Uint8Array(40), spec, { key: 'pair', size: 10, stride: 1 });
    expect(p.windows.count).toBe(31);
    expect(p.builder.width).toBe(stepWidth(spec));
    expect(stepWidth(spec)).toBe(PACKET_FEATURES.length + WINDOW_FEATURES.length);
    const x = p.builder.fill([0], new Float32Array(10 * p.builder.width));
    const win = (name: string): number => x[spec.packet.length + spec.perWindow.indexOf(name)];
    expect(win('distinct_src_ports')).toBe(1); // ten packets, ten source ports
    expect(win('distinct_dst_ports')).toBeCloseTo(0.1, 6);
    expect(win('syn_ratio')).toBe(1);
    // Ten empty SYNs over 90 ms: nothing carries payload, 100 empty packets per second.
    expect(win('payload_share')).toBe(0);
    expect(win('log_empty_rate')).toBeCloseTo(Math.log1p(100) / 14, 4);
    expect(win('log_empty_rate')).toBeCloseTo(win('log_packet_rate'), 6);
    // Normaliser from the first 5 windows only: later windows do not move it.
    const a = fitNormaliser(p.builder, [0, 1, 2, 3, 4]);
    const b = fitNormaliser(p.builder, [0, 1, 2, 3, 4]);
    expect(a).toEqual(b);
    const all = fitNormaliser(
      p.builder,
      Array.from({ length: 31 }, (_, i) => i),
    );
    expect(all.mean).not.toEqual(a.mean);
    expect(a.std.every((s) => s >= 1e-3)).toBe(true);
    const z = p.builder.fill([0], new Float32Array(10 * p.builder.width), a);
    expect(Math.max(...Array.from(z).map(Math.abs))).toBeLessThanOrEqual(8);
  });

  it('gives stable group ids in order of first appearance', () => {
    const { ids, groups } = groupIds(['a', 'b', 'a', 'c']);
    expect([Array.from(ids), groups]).toEqual([[0, 1, 0, 2], 3]);
  });
});

describe('SampleBuilder', () => {
  it('refuses a spec whose window features this code does not compute', () => {
    const table = tableFromCsv(csv([{ t: T }, { t: T + 1 }]));
    const cols = packetColumns(table);
    const w = buildWindows(new Int32Array(2), 1, { key: 'none', size: 2, stride: 1 });
    expect(
      () => new SampleBuilder(cols, new Float32Array(2 * spec.packet.length), { ...spec, perWindow: ['x'] }, w),
    ).toThrow(/window features/);
  });
});

describe('window features of plain values (the sensor path)', () => {
  const at = (name: string): number => WINDOW_FEATURES.indexOf(name as (typeof WINDOW_FEATURES)[number]);
  const run = (fill: (v: WindowValueArrays, k: number) => void): Float32Array => {
    const v = windowValueArrays(10);
    for (let k = 0; k < 10; k++) {
      v.src[k] = 1;
      v.dst[k] = 2;
      v.frameLen[k] = 60;
      v.tcpFlags[k] = NaN;
      v.timeUs[k] = k * 500;
      v.payload[k] = 0;
      fill(v, k);
    }
    const out = new Float32Array(WINDOW_WIDTH);
    windowFeaturesOf(v, 10, out, 0);
    return out;
  };

  it('finds the service side of a flood whatever its port, and of a scan', () => {
    // A UDP flood at closed port 5000 from rising source ports 3000..3009 (both ephemeral): one service.
    const flood = run((v, k) => {
      v.srcPort[k] = 3000 + k;
      v.dstPort[k] = 5000;
    });
    expect(flood[at('distinct_service_ports')]).toBeCloseTo(0.1, 6);
    expect(flood[at('distinct_client_ports')]).toBeCloseTo(1, 6);
    // The same at port 53 (well-known): the same figures.
    const dns = run((v, k) => {
      v.srcPort[k] = 3000 + k;
      v.dstPort[k] = 53;
    });
    expect(Array.from(dns)).toEqual(Array.from(flood));
    // A scan from one source port to ten services.
    const scan = run((v, k) => {
      v.srcPort[k] = 40000;
      v.dstPort[k] = 20 + k;
    });
    expect(scan[at('distinct_service_ports')]).toBeCloseTo(1, 6);
    expect(scan[at('distinct_client_ports')]).toBeCloseTo(0.1, 6);
  });

  it('copies window values slot by slot, payload included', () => {
    const a = windowValueArrays(2);
    a.payload[1] = 42;
    a.timeUs[1] = 7;
    const b = windowValueArrays(2);
    copyWindowValues(a, 1, b, 0);
    expect([b.payload[0], b.timeUs[0]]).toEqual([42, 7]);
  });
});
