/**
 * The capture point on a one-node cluster, over the committed lab-a slice (its tshark CSV, then its pcapng)
 * with 3 shards: read back, each shard holds exactly the rows whose pair hashes to it, all shards together
 * hold the batcher's rows cell for cell, each ends with its marker, and a second run with the same run id
 * adds nothing. Through a stream too small for the slice, it waits for a slow reader, and without one it
 * fails once its bound is spent, saying the stream is full.
 */
import { readFileSync } from 'node:fs';
import { AckPolicy, type JetStreamManager, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { packetColumns } from '../../../src/core/features/packet-columns.ts';
import { decodePacketBatch } from '../../../src/core/fleet/packet-batch.ts';
import { FEATURES_KEY, routeKeyOf, shardsOf } from '../../../src/core/fleet/shard-route.ts';
import { CaptureBatcher } from '../../../src/core/sensor/capture-batcher.ts';
import { CsvBatcher } from '../../../src/core/sensor/csv-batcher.ts';
import { type Column, findColumn, isPresent, type PacketTable } from '../../../src/core/table/packet-table.ts';
import { describeWith, type ToolGate } from '../../test-support/needs-tools.ts';
import { runCapturePoint } from './capture-point.ts';
import { type EndMarker, readEndMarker } from './end-marker.ts';
import { PACKET_STREAM, packetSubject } from './fleet-streams.ts';
import { type Cluster, startCluster } from './nats-cluster.ts';
import { findNatsServer } from './nats-server-bin.ts';

// Found beyond PATH too (Debian puts it in /usr/sbin), as nats-cluster.test.ts builds its gate.
const NATS: ToolGate = findNatsServer()
  ? { missing: [], why: '' }
  : { missing: ['nats-server'], why: 'missing nats-server (scripts/setup.sh installs it)' };

const SHARDS = 3;
const ZONE = 'UTC';
const FILES = { csv: 'fixtures/capture/lab-a-slice.csv', pcap: 'fixtures/capture/lab-a-slice.pcapng' } as const;

/** Row r's cell in column c as a plain value (null for a missing cell). */
function cell(c: Column, r: number): string | number | null {
  switch (c.kind) {
    case 'int':
      return isPresent(c.present, r) ? c.values[r] : null;
    case 'float':
      return Number.isNaN(c.values[r]) ? null : c.values[r];
    case 'string':
      return c.codes[r] === 0 ? null : c.dict[c.codes[r]];
    case 'time':
      return c.zoneCodes ? c.zones[c.zoneCodes[r]] : null;
  }
}

/** Every row of the tables as `frame.number → its cells` (time first, then each column by name). */
function rowsByFrame(tables: readonly PacketTable[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const t of tables) {
    const frame = findColumn(t, 'frame.number');
    if (!frame) throw new Error('no frame.number column');
    for (let r = 0; r < t.rowCount; r++) {
      const cells = [t.timeUs[r], t.timeNs[r], ...t.columns.map((c) => `${c.name}=${cell(c, r)}`)];
      const n = Number(cell(frame, r));
      expect(out.has(n), `frame ${n} twice`).toBe(false);
      out.set(n, JSON.stringify(cells));
    }
  }
  return out;
}

/** The batcher's tables over the whole file, as the sensor reads it. */
function batcherTables(kind: keyof typeof FILES): PacketTable[] {
  const b = kind === 'csv' ? new CsvBatcher() : new CaptureBatcher(ZONE);
  const bytes = readFileSync(FILES[kind]);
  const out: PacketTable[] = [];
  const take = (): void => {
    const t = b.take().table;
    if (t) out.push(t);
  };
  for (let at = 0; at < bytes.length; at += 1 << 16) {
    b.push(bytes.subarray(at, at + (1 << 16)));
    if (b.pendingBytes >= 1 << 18) take();
  }
  b.end();
  take();
  return out;
}

interface ShardRead {
  readonly tables: PacketTable[];
  readonly markers: EndMarker[];
}

/** Every message waiting on one shard's subject, acked (the work queue then drops it), in stream order. */
async function readShard(nc: NatsConnection, jsm: JetStreamManager, shard: number): Promise<ShardRead> {
  const name = `reader-${shard}`;
  await jsm.consumers.add(PACKET_STREAM, {
    durable_name: name,
    filter_subject: packetSubject(shard),
    ack_policy: AckPolicy.Explicit,
  });
  const consumer = await jetstream(nc).consumers.get(PACKET_STREAM, name);
  const out: ShardRead = { tables: [], markers: [] };
  for (let round = 0; round < 100; round++) {
    const pending = (await consumer.info()).num_pending;
    if (pending === 0) break;
    const batch = await consumer.fetch({ max_messages: Math.min(pending, 200), expires: 2_000 });
    for await (const m of batch) {
      const marker = readEndMarker(m.data);
      if (marker) out.markers.push(marker);
      else {
        expect(out.markers, 'a batch after the end marker').toEqual([]);
        out.tables.push(decodePacketBatch(m.data));
      }
      await m.ackAck();
    }
  }
  return out;
}

describeWith(NATS, 'capture point: a capture published by pair shard', () => {
  let cluster: Cluster | undefined;
  let nc: NatsConnection | undefined;
  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1 });
    nc = await connect({ servers: [...cluster.urls] });
  });
  afterAll(async () => {
    await nc?.close().catch(() => undefined);
    await cluster?.stop();
  });

  it.each(['csv', 'pcap'] as const)(
    'publishes the %s slice whole, by shard, once',
    { timeout: 20_000 },
    async (kind) => {
      if (!cluster || !nc) throw new Error('no cluster');
      const runId = `${kind}-run`;
      const input = kind === 'csv' ? { csv: FILES.csv } : { pcap: FILES.pcap };
      // Small batches, so the slice makes several and each shard several messages.
      const opts = { urls: cluster.urls, input, shards: SHARDS, runId, batchBytes: 1 << 18, timeZone: ZONE };
      const stats = await runCapturePoint(opts);
      const jsm = await jetstreamManager(nc);
      const stored = (await jsm.streams.info(PACKET_STREAM)).state.messages;
      expect(stored).toBe(stats.messages + SHARDS);
      expect(stats).toMatchObject({ packets: 3570, retries: 0, fullWaits: 0, duplicates: 0, malformed: 0 });
      expect(stats.batches).toBeGreaterThan(1);

      // The same run again: every id is known, nothing is added.
      const again = await runCapturePoint(opts);
      expect(again.duplicates).toBe(stats.messages + SHARDS);
      expect((await jsm.streams.info(PACKET_STREAM)).state.messages).toBe(stored);

      const reads = await Promise.all(
        Array.from({ length: SHARDS }, (_, s) => readShard(nc as NatsConnection, jsm, s)),
      );
      const all: PacketTable[] = [];
      reads.forEach((read, s) => {
        for (const t of read.tables) {
          const shardOf = shardsOf(packetColumns(t), routeKeyOf(FEATURES_KEY), SHARDS);
          expect(
            shardOf.every((x) => x === s),
            `a row on shard ${s} hashes elsewhere`,
          ).toBe(true);
          all.push(t);
        }
        const packets = read.tables.reduce((n, t) => n + t.rowCount, 0);
        expect(read.markers).toEqual([{ end: runId, shard: s, messages: read.tables.length, packets }]);
        expect(packets).toBeGreaterThan(0);
      });
      // Every row once, every cell as the batcher gave it, whichever shard it went to.
      const want = rowsByFrame(batcherTables(kind));
      const got = rowsByFrame(all);
      expect(got.size).toBe(3570);
      expect([...got].sort((a, b) => a[0] - b[0])).toEqual([...want].sort((a, b) => a[0] - b[0]));
      // Acked, the work queue is empty again; the readers go, so the next run's readers start afresh.
      expect((await jsm.streams.info(PACKET_STREAM)).state.messages).toBe(0);
      for (let s = 0; s < SHARDS; s++) await jsm.consumers.delete(PACKET_STREAM, `reader-${s}`);
      console.log(
        `capture point, ${kind}: ${stats.packets} packets in ${stats.batches} batches, ${stats.messages} messages,` +
          ` ${stats.bytesPerPacket.toFixed(1)} bytes/packet, ${Math.round(stats.packetsPerS)} packets/s` +
          ` (${stats.seconds.toFixed(2)} s)`,
      );
    },
  );

  it('waits on a full stream while a slow reader drains it, and fails past its bound', {
    timeout: 20_000,
  }, async () => {
    if (!cluster || !nc) throw new Error('no cluster');
    const conn = nc;
    const jsm = await jetstreamManager(conn);
    // The slice (~310 KB of batches) through a stream of 60 KB: the capture point must wait for the reader,
    // and splits its batches to a quarter of that, so each fits.
    const base = { urls: cluster.urls, input: { csv: FILES.csv }, shards: SHARDS, batchBytes: 1 << 18 };
    const small = { ...base, packetMaxBytes: 60_000, timeZone: ZONE };

    // No reader: the stream fills, and the run fails once a publish has waited its bound, saying why.
    let told = 0;
    const stuck = runCapturePoint({ ...small, runId: 'stuck', fullWaitMs: 300, onFull: () => told++ });
    await expect(stuck).rejects.toThrow(/maximum bytes|resource limits|insufficient resources/i);
    expect(told).toBeGreaterThan(0);
    await jsm.streams.purge(PACKET_STREAM);

    // A reader that starts once the stream is full (so the capture point surely waits, however loaded the
    // machine), then acks a message every 20 ms; the capture point waits on it, then finishes.
    await jsm.consumers.add(PACKET_STREAM, { durable_name: 'slow', ack_policy: AckPolicy.Explicit });
    const consumer = await jetstream(conn).consumers.get(PACKET_STREAM, 'slow');
    let packets = 0;
    let markers = 0;
    let full = (): void => {};
    const filled = new Promise<void>((resolve) => {
      full = resolve;
    });
    const reader = (async () => {
      await filled;
      for (let round = 0; round < 400 && markers < SHARDS; round++) {
        for await (const m of await consumer.fetch({ max_messages: 1, expires: 1_000 })) {
          if (readEndMarker(m.data)) markers++;
          else packets += decodePacketBatch(m.data).rowCount;
          await new Promise((r) => setTimeout(r, 20));
          await m.ackAck();
        }
      }
    })();
    const stats = await runCapturePoint({ ...small, runId: 'slow', onFull: () => full() });
    await reader;
    expect(stats.fullWaits).toBeGreaterThan(0);
    expect(stats.retries).toBe(0);
    expect(stats.messages).toBeGreaterThan(stats.bytes / 15_000);
    expect({ packets, markers }).toEqual({ packets: 3570, markers: SHARDS });
    await jsm.consumers.delete(PACKET_STREAM, 'slow');
    console.log(`capture point, full stream: ${stats.fullWaits} waits, ${stats.seconds.toFixed(2)} s`);
  });
});
