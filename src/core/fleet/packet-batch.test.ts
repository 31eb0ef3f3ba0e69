/**
 * A capture point's batches survive the trip: the tables the sensor's own batchers make from the committed
 * slice of lab-a (its tshark CSV and its pcapng) come back cell for cell, and bad bytes are refused with
 * PacketBatchError saying where.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaptureBatcher } from '../sensor/capture-batcher.ts';
import { CsvBatcher } from '../sensor/csv-batcher.ts';
import { bitmapBytes, type PacketTable } from '../table/packet-table.ts';
import { decodePacketBatch, encodePacketBatch, PACKET_BATCH_VERSION, PacketBatchError } from './packet-batch.ts';

const CSV = readFileSync('fixtures/capture/lab-a-slice.csv');
const PCAPNG = readFileSync('fixtures/capture/lab-a-slice.pcapng');

/** The tables a batcher gives when a batch is taken every `batchBytes` of input, as the sensor does. */
function batches(source: 'csv' | 'pcapng', batchBytes: number): PacketTable[] {
  const b = source === 'csv' ? new CsvBatcher() : new CaptureBatcher('UTC');
  const bytes = source === 'csv' ? CSV : PCAPNG;
  const out: PacketTable[] = [];
  const take = (): void => {
    const t = b.take().table;
    if (t) out.push(t);
  };
  for (let at = 0; at < bytes.length; at += 65_536) {
    b.push(bytes.subarray(at, at + 65_536));
    if (b.pendingBytes >= batchBytes) take();
  }
  b.end();
  take();
  return out;
}

/** Every cell of `b` equals `a`'s; arrays are compared over the rows (a batcher's may be longer). */
function expectSameTable(a: PacketTable, b: PacketTable): void {
  const n = a.rowCount;
  expect(b.rowCount).toBe(n);
  expect(b.timeUs).toEqual(a.timeUs.subarray(0, n));
  expect(b.timeNs).toEqual(a.timeNs.subarray(0, n));
  expect(b.columns.map((c) => [c.kind, c.name, c.type])).toEqual(a.columns.map((c) => [c.kind, c.name, c.type]));
  a.columns.forEach((ca, k) => {
    const cb = b.columns[k];
    const where = `column ${ca.name}`;
    if (ca.kind === 'int' && cb.kind === 'int') {
      expect(cb.values.constructor, where).toBe(ca.values.constructor);
      expect(cb.values, where).toEqual(ca.values.subarray(0, n));
      expect(cb.present, where).toEqual(ca.present.subarray(0, bitmapBytes(n)));
    } else if (ca.kind === 'float' && cb.kind === 'float') expect(cb.values, where).toEqual(ca.values.subarray(0, n));
    else if (ca.kind === 'string' && cb.kind === 'string') {
      expect(cb.codes.constructor, where).toBe(ca.codes.constructor);
      expect(cb.codes, where).toEqual(ca.codes.subarray(0, n));
      expect(cb.dict, where).toEqual(ca.dict);
    } else if (ca.kind === 'time' && cb.kind === 'time') {
      expect(cb.zones, where).toEqual(ca.zones);
      expect(cb.zoneCodes, where).toEqual(ca.zoneCodes ? ca.zoneCodes.subarray(0, n) : null);
    } else throw new Error(`${where}: kinds differ`);
  });
}

describe('packet batch bytes', () => {
  it.each([
    ['csv', 1 << 20],
    ['csv', 1 << 16],
    ['pcapng', 1 << 20],
    ['pcapng', 1 << 16],
  ] as const)('round-trips every cell of the %s slice in batches of %i input bytes', (source, batchBytes) => {
    const tables = batches(source, batchBytes);
    expect(tables.length).toBeGreaterThan(0);
    let rows = 0;
    let encoded = 0;
    for (const t of tables) {
      const bytes = encodePacketBatch(t);
      expectSameTable(t, decodePacketBatch(bytes));
      rows += t.rowCount;
      encoded += bytes.length;
    }
    expect(rows).toBe(3570);
    const input = source === 'csv' ? CSV.length : PCAPNG.length;
    const perPacket = encoded / rows;
    console.log(
      `packet batch, ${source} in ${tables.length} batches of ${batchBytes >> 10} KB: ${perPacket.toFixed(1)} bytes/packet` +
        ` (the ${source}: ${(input / rows).toFixed(1)} bytes/packet)`,
    );
    // Columns, not text: well under the CSV's ~310 bytes a row.
    expect(perPacket).toBeLessThan(CSV.length / rows / 2);
  });

  it('round-trips an empty table and one with missing columns', () => {
    const empty: PacketTable = { rowCount: 0, timeUs: new Float64Array(0), timeNs: new Uint16Array(0), columns: [] };
    expectSameTable(empty, decodePacketBatch(encodePacketBatch(empty)));
    const t: PacketTable = {
      rowCount: 3,
      timeUs: Float64Array.of(1, 2, 3),
      timeNs: Uint16Array.of(0, 999, 5),
      columns: [
        { kind: 'int', name: 'a', type: 'u16', values: Uint16Array.of(0, 0, 0), present: new Uint8Array(1) },
        { kind: 'int', name: 'b', type: 'u32', values: Uint32Array.of(7, 0, 2 ** 32 - 1), present: Uint8Array.of(5) },
        { kind: 'float', name: 'c', type: 'f64', values: Float64Array.of(Number.NaN, -0.5, 1e300) },
        { kind: 'string', name: 'd', type: 'string', codes: Uint8Array.of(0, 0, 0), dict: [''] },
        { kind: 'string', name: 'é', type: 'string', codes: Uint16Array.of(2, 0, 1), dict: ['', 'ü', '🙂'] },
        { kind: 'time', name: 'frame.time', type: 'timetext', zoneCodes: Uint8Array.of(0, 0, 0), zones: ['EST'] },
        { kind: 'time', name: 'frame.time_epoch', type: 'epoch', zoneCodes: null, zones: [''] },
      ],
    };
    expectSameTable(t, decodePacketBatch(encodePacketBatch(t)));
  });
});

describe('bad packet batch bytes', () => {
  const good = encodePacketBatch(batches('csv', 1 << 16)[0]);
  const edited = (at: number, ...bytes: number[]): Uint8Array => {
    const b = good.slice();
    b.set(bytes, at);
    return b;
  };

  it.each([
    ['nothing', new Uint8Array(0), /truncated header: 0 of 12 bytes \(at byte 0\)/],
    ['a cut header', good.subarray(0, 7), /truncated header: 7 of 12 bytes/],
    ['another format', edited(0, 0x50, 0x4b), /not a packet batch \(no NIDB mark\) \(at byte 0\)/],
    ['a later version', edited(4, 2, 0), /unknown version 2 \(this reader knows 1\) \(at byte 4\)/],
    [
      'a row count that lies',
      edited(8, 0xff, 0xff, 0xff, 0x7f),
      /rows' times needs \d+ bytes, \d+ left \(at byte 12\)/,
    ],
    ['a column count that lies', edited(6, 0xff, 0x7f), /column \d+'s kind needs 1 bytes, 0 left/],
    ['a cut body', good.subarray(0, good.length - 100), /needs \d+ bytes, \d+ left \(at byte \d+\)/],
    ['bytes after the end', Uint8Array.from([...good, 0, 0]), /2 bytes after the last column/],
  ])('refuses %s', (_name, bytes, message) => {
    expect(() => decodePacketBatch(bytes)).toThrow(PacketBatchError);
    expect(() => decodePacketBatch(bytes)).toThrow(message);
  });

  it('refuses lying lengths, unknown kinds and codes past the dictionary, never with a TypeError', () => {
    const t: PacketTable = {
      rowCount: 2,
      timeUs: Float64Array.of(1, 2),
      timeNs: Uint16Array.of(0, 0),
      columns: [{ kind: 'string', name: 's', type: 'string', codes: Uint8Array.of(1, 0), dict: ['', 'x'] }],
    };
    const b = encodePacketBatch(t);
    const col = 12 + 2 * 10; // the first column after the header and the times
    const at = (edit: (c: Uint8Array) => void): Uint8Array => {
      const c = b.slice();
      edit(c);
      return c;
    };
    const cases: [Uint8Array, RegExp][] = [
      [at((c) => (c[col] = 9)), /column 0: unknown kind 9 \(at byte 32\)/],
      [at((c) => (c[col + 1] = 200)), /unknown field type 200/],
      [at((c) => (c[col + 2] = 0xff)), /column 0's name needs 255 bytes/],
      [at((c) => (c[col + 5] = 3)), /column 0 \(s\): code width 3/],
      [at((c) => (c[col + 6] = 0xff)), /dictionary of \d+ texts needs/],
      [at((c) => (c[col + 10] = 0xf0)), /dictionary text 0 needs/],
      [at((c) => (c[col + 20] = 2)), /row 0 has code 2, past its 2 values \(at byte 52\)/],
      [at((c) => (c[col + 19] = 5)), /has-codes flag 5/],
      [at((c) => (c[col + 18] = 0xc3)), /dictionary text 1 is not UTF-8 \(at byte 50\)/],
    ];
    for (const [bytes, message] of cases) {
      let thrown: unknown = null;
      try {
        decodePacketBatch(bytes);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, String(message)).toBeInstanceOf(PacketBatchError);
      expect((thrown as Error).message).toMatch(message);
    }
    expect(PACKET_BATCH_VERSION).toBe(1);
  });
});
