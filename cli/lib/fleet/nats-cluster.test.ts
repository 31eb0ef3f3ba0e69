/**
 * The local cluster the fleet runs on, checked for what the fleet will lean on: an R3 file stream keeps
 * every message through the loss of the node that leads it, message ids remove the duplicates that retried
 * publishes make, and the fleet's reader (direct gets by subject) reads it all back once.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JetStreamClient, jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWith, type ToolGate } from '../../test-support/needs-tools.ts';
import { type Cluster, startCluster } from './nats-cluster.ts';
import { findNatsServer, NATS_MISSING } from './nats-server-bin.ts';
import { publishWithRetry } from './publish-retry.ts';
import { streamMessages } from './stream-reader.ts';

// Found beyond PATH too (Debian puts it in /usr/sbin), so the gate is built here rather than by toolGate.
const NATS: ToolGate = findNatsServer()
  ? { missing: [], why: '' }
  : { missing: ['nats-server'], why: 'missing nats-server (scripts/setup.sh installs it)' };

const STREAM = 'FLEET_TEST';
const N = 2_000;
const REPEATED = 25;
const payload = (i: number): Uint8Array => new TextEncoder().encode(`packet batch ${i}`);

let retries = 0;
const onRetry = (): void => {
  retries++;
};

/** Publishes ids from..to-1, up to 100 awaiting their acks at once, as a capture point would. */
async function publishRange(js: JetStreamClient, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 100) {
    const end = Math.min(start + 100, to);
    const acks = [];
    for (let i = start; i < end; i++)
      acks.push(publishWithRetry(js, `fleet.test.${i % 4}`, payload(i), `m-${i}`, { onRetry }));
    await Promise.all(acks);
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describeWith(NATS, 'nats-cluster: a local 3-node JetStream cluster', () => {
  let cluster: Cluster | undefined;
  const conns: NatsConnection[] = [];
  afterAll(async () => {
    await Promise.all(conns.map((nc) => nc.close().catch(() => undefined)));
    await cluster?.stop();
  });

  it('keeps an R3 stream whole through the loss of its leader, without duplicates', { timeout: 60_000 }, async () => {
    const t0 = performance.now();
    const phases: string[] = [];
    let mark = t0;
    const phase = (name: string): void => {
      const now = performance.now();
      phases.push(`${name} ${Math.round(now - mark)} ms`);
      mark = now;
    };
    cluster = await startCluster({ nodes: 3 });
    phase('start');
    const all = cluster.urls;
    const nc = await connect({ servers: [...all], reconnectTimeWait: 100, maxReconnectAttempts: -1 });
    conns.push(nc);
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: STREAM,
      subjects: ['fleet.test.>'],
      num_replicas: 3,
      storage: StorageType.File,
      duplicate_window: nanos(120_000),
      allow_direct: true,
    });

    // First half, then a few ids again: the stream must drop those as duplicates.
    const js = jetstream(nc, { timeout: 5_000 });
    const half = N / 2;
    await publishRange(js, 0, half);
    for (let i = 0; i < REPEATED; i++) {
      const ack = await publishWithRetry(js, `fleet.test.${i % 4}`, payload(i), `m-${i}`);
      expect(ack.duplicate).toBe(true);
    }

    // Kill the node that leads the stream while publishes are in flight: those time out or lose their
    // connection and are tried again (on whichever node the client reconnects to), some perhaps stored twice
    // but for their ids. Then go on through a connection to the other nodes only.
    const leader = (await jsm.streams.info(STREAM)).cluster?.leader;
    const victim = leader === undefined ? 0 : cluster.names.indexOf(leader);
    expect(victim).toBeGreaterThanOrEqual(0);
    phase('first half');
    const midway = half + 300;
    const inFlight = publishRange(js, half, midway);
    await cluster.kill(victim);
    await inFlight;
    const rest = all.filter((_, k) => k !== victim);
    const nc2 = await connect({ servers: rest, reconnectTimeWait: 100, maxReconnectAttempts: -1 });
    conns.push(nc2);
    const js2 = jetstream(nc2, { timeout: 5_000 });
    await publishRange(js2, midway, N);
    // A retry of an id from before the kill is still a duplicate: the window lives in the replicated stream.
    expect((await publishWithRetry(js2, 'fleet.test.0', payload(0), 'm-0')).duplicate).toBe(true);

    phase('kill, second half');
    // Stream requests may time out while the cluster settles on a loaded machine: asked again, as the fleet does.
    const jsm2 = await jetstreamManager(nc2);
    let info = await jsm2.streams.info(STREAM).catch(() => null);
    for (let i = 0; i < 60 && info?.state.messages !== N; i++) {
      await new Promise((r) => setTimeout(r, 500));
      info = await jsm2.streams.info(STREAM).catch(() => null);
    }
    expect(info?.state.messages).toBe(N);
    expect(info?.cluster?.leader).not.toBe(leader);

    // Read it all back once, as the fleet reads (direct gets by subject, asked again on a failure).
    const seen = new Map<string, number>();
    let read = 0;
    const stop = new AbortController();
    for await (const m of streamMessages(jsm2, STREAM, 'fleet.test.>', { stop: stop.signal })) {
      const id = m.header.get('Nats-Msg-Id');
      seen.set(id, (seen.get(id) ?? 0) + 1);
      expect(m.string()).toBe(`packet batch ${id.slice(2)}`);
      if (++read === N) break;
    }
    expect(read).toBe(N);
    expect(seen.size).toBe(N);
    for (let i = 0; i < N; i++) expect(seen.get(`m-${i}`)).toBe(1);

    phase('read back');
    // The killed node comes back and catches up (healthz waits for its streams to be current).
    await cluster.restart(victim);
    expect(cluster.pids()).toHaveLength(3);

    phase('restart');
    const pids = cluster.pids();
    await Promise.all(conns.map((c) => c.close()));
    await cluster.stop();
    expect(pids.filter(alive)).toEqual([]);
    expect(cluster.pids()).toEqual([]);
    expect(existsSync(cluster.dir)).toBe(false);
    phase('stop');
    console.log(
      `nats-cluster: ${phases.join(', ')}; ${retries} publishes retried; in all ${Math.round(performance.now() - t0)} ms`,
    );
  });
});

describeWith(NATS, 'nats-cluster: one node', () => {
  it('starts, takes a stream and stops', async () => {
    const one = await startCluster({ nodes: 1 });
    try {
      expect(one.urls).toHaveLength(1);
      const nc = await connect({ servers: [...one.urls] });
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'ONE', subjects: ['one.>'], storage: StorageType.File });
      const ack = await jetstream(nc).publish('one.x', payload(1), { msgID: 'a' });
      expect(ack.seq).toBe(1);
      await nc.close();
    } finally {
      await one.stop();
    }
    expect(existsSync(one.dir)).toBe(false);
  });
});

describe('nats-cluster: when the server cannot run', () => {
  const saved = process.env.NATS_SERVER_BIN;
  let scratch = '';
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'nats-fake-'));
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.NATS_SERVER_BIN;
    else process.env.NATS_SERVER_BIN = saved;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('says how to install a missing nats-server', async () => {
    process.env.NATS_SERVER_BIN = join(scratch, 'absent');
    await expect(startCluster({ nodes: 1, dir: scratch })).rejects.toThrow(NATS_MISSING);
  });

  it("fails with the server's own words when it exits, and leaves no folder", async () => {
    const fake = join(scratch, 'fake-nats-server');
    writeFileSync(fake, '#!/bin/sh\necho "nats: bad config line 3" >&2\nexit 1\n');
    chmodSync(fake, 0o755);
    process.env.NATS_SERVER_BIN = fake;
    const parent = mkdtempSync(join(scratch, 'run-'));
    await expect(startCluster({ nodes: 3, dir: parent, readyMs: 5_000 })).rejects.toThrow(
      /exited.*\n.*bad config line 3/s,
    );
    expect(readdirSync(parent)).toEqual([]);
  });
});
