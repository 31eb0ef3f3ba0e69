/**
 * `npm run fleet`: the whole fleet on this machine. A local NATS cluster (nats-cluster.ts), the workers as
 * processes of their own (each one core's worth: its classifier runs on its main thread), the capture point
 * and the merge of alerts here; the input is run through, the alerts written, and everything it started is
 * stopped, whatever happens. A worker that dies before its shards are done has them handed to the live
 * worker holding fewest (or to a new one where none is left); the fault drill kills one on purpose, or the
 * packet stream's leader node.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { EveRecord } from '../../../src/core/sensor/eve.ts';
import { describeError } from '../error-words.ts';
import { readBundleFile } from '../named-file.ts';
import { outFileProblem, WriteError } from '../out-file.ts';
import { mergeAlerts, type MergeStats } from './alert-merge.ts';
import { type CapturePointStats, checkInputFile, runCapturePoint } from './capture-point.ts';
import type { FleetCommand } from './fleet-args.ts';
import { ensureFleetStreams, PACKET_STREAM, replicasFor } from './fleet-streams.ts';
import { assignSubject, type WorkerStats } from './fleet-worker.ts';
import { type Cluster, startCluster } from './nats-cluster.ts';
import { CpuSampler } from './proc-cpu.ts';

export interface FleetIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface FleetResult {
  readonly code: number;
  readonly capture: CapturePointStats | null;
  readonly merge: MergeStats | null;
  readonly workers: readonly WorkerStats[];
  /** CPU time of the NATS servers over the run (sampled from /proc), for the broker's cost per packet. */
  readonly brokerCpuMs: number;
  /** CPU time of the worker processes (sampled from /proc, a killed one's included). */
  readonly workerCpuMs: number;
  readonly seconds: number;
  /** Shards handed to another worker after theirs died. */
  readonly moved: readonly { readonly shard: number; readonly from: string; readonly to: string }[];
}

type FleetRun = Extract<FleetCommand, { kind: 'fleet' }>;

interface WorkerProc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly shards: Set<number>;
  readonly done: Set<number>;
  stats: WorkerStats | null;
  readonly exited: Promise<void>;
  alive: boolean;
}

/** The sensor's entry as this code runs: built (dist, one .js) or from source through tsx. */
function sensorEntry(): string[] {
  if (fileURLToPath(import.meta.url).endsWith('.js')) return [process.argv[1]];
  return ['--import', 'tsx', fileURLToPath(new URL('../../sensor.ts', import.meta.url))];
}

export async function runFleet(cmd: FleetRun, io: FleetIo): Promise<FleetResult> {
  const started = performance.now();
  const a = cmd.sensor;
  const empty = { capture: null, merge: null, workers: [], brokerCpuMs: 0, workerCpuMs: 0, seconds: 0, moved: [] };
  const outProblem = a.out === null ? null : outFileProblem(a.out);
  if (outProblem) {
    io.stderr(`fleet: ${outProblem}\n`);
    return { code: 1, ...empty };
  }
  // A missing model or input is said before a cluster is started for nothing.
  try {
    readBundleFile(a.model);
    checkInputFile(a.input);
  } catch (e) {
    io.stderr(`fleet: ${describeError(e)}\n`);
    return { code: 1, ...empty };
  }
  let outFd: number | null = null;
  let cluster: Cluster | null = null;
  let nc: NatsConnection | null = null;
  const workers: WorkerProc[] = [];
  const moved: { shard: number; from: string; to: string }[] = [];
  const stopMerge = new AbortController();
  let brokerCpu: CpuSampler | null = null;
  let workerCpu: CpuSampler | null = null;
  let failure: string | null = null;
  let capture: CapturePointStats | null = null;
  let merge: MergeStats | null = null;
  let brokerCpuMs = 0;
  let workerCpuMs = 0;
  const fail = (why: string): void => {
    failure ??= why;
    stopMerge.abort();
  };
  try {
    if (a.out) outFd = openSync(a.out, 'a');
    const write = (r: EveRecord): void => {
      const line = `${JSON.stringify(r)}\n`;
      try {
        if (outFd !== null) writeSync(outFd, line);
        else io.stdout(line);
      } catch (e) {
        fail(new WriteError(a.out ?? 'stdout', e).message);
      }
    };
    cluster = await startCluster({ nodes: cmd.nodes });
    const c = cluster;
    brokerCpu = new CpuSampler(() => c.pids());
    workerCpu = new CpuSampler(() => workers.flatMap((w) => (w.child.pid === undefined ? [] : [w.child.pid])));
    const urls = c.urls;
    io.stderr(`fleet: ${cmd.nodes} NATS ${cmd.nodes > 1 ? 'nodes' : 'node'} on ${urls.join(', ')}\n`);
    nc = await connect({ servers: [...urls], reconnectTimeWait: 100, maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(nc);
    await ensureFleetStreams(jsm, { replicas: replicasFor(cmd.nodes) });
    const run = `run-${Date.now().toString(36)}-${process.pid}`;
    const conn = nc;

    const spawnWorker = (name: string, shards: readonly number[]): WorkerProc => {
      const args = [
        ...sensorEntry(),
        'worker',
        ...['--nats', urls.join(','), '--run', run, '--model', a.model],
        ...['--shards', shards.join(','), '--name', name],
      ];
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let exitedResolve: () => void = () => {};
      const w: WorkerProc = {
        name,
        child,
        shards: new Set(shards),
        done: new Set(),
        stats: null,
        alive: true,
        exited: new Promise<void>((r) => {
          exitedResolve = r;
        }),
      };
      let buffered = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (text: string) => {
        buffered += text;
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          onWorkerLine(w, line);
        }
      });
      child.on('exit', (code, signal) => {
        w.alive = false;
        const left = [...w.shards].filter((s) => !w.done.has(s));
        if (left.length > 0 && !stopMerge.signal.aborted) {
          io.stderr(`fleet: worker ${name} ended (${signal ?? `exit ${code}`}) holding shards ${left.join(', ')}\n`);
          handOver(name, left).catch((e) => fail(`handing over ${name}'s shards: ${describeError(e)}`));
        }
        exitedResolve();
      });
      workers.push(w);
      return w;
    };

    const onWorkerLine = (w: WorkerProc, line: string): void => {
      let event: { event?: string; shard?: number; stats?: WorkerStats } | null = null;
      try {
        event = JSON.parse(line);
      } catch {
        event = null;
      }
      if (event?.event === 'shard-done' && typeof event.shard === 'number') w.done.add(event.shard);
      else if (event?.event === 'worker-stats' && event.stats) w.stats = event.stats;
      else if (event?.event === 'shard-taken' || event?.event === 'read-retried') return;
      else if (line.trim() !== '') io.stderr(`fleet: ${w.name}: ${line}\n`);
    };

    let spare = 0;
    /** Shards of a dead worker to the live one holding fewest, or to a new worker if none answers. */
    const handOver = async (from: string, shards: number[]): Promise<void> => {
      const live = workers.filter((w) => w.alive).sort((x, y) => x.shards.size - y.shards.size);
      for (const w of live) {
        const reply = await conn
          .request(assignSubject(run, w.name), JSON.stringify({ shards }), { timeout: 5_000 })
          .catch(() => null);
        if (reply?.json<{ ok: boolean }>().ok) {
          for (const s of shards) {
            w.shards.add(s);
            moved.push({ shard: s, from, to: w.name });
          }
          io.stderr(`fleet: shards ${shards.join(', ')} moved from ${from} to ${w.name}\n`);
          return;
        }
      }
      // A worker that fails at once (a broken install) would fail as a spare too: a few, then the run fails.
      if (spare >= cmd.workers) throw new Error(`${spare} spare workers have failed; see their messages above`);
      const w = spawnWorker(`spare${++spare}`, shards);
      for (const s of shards) moved.push({ shard: s, from, to: w.name });
      io.stderr(`fleet: shards ${shards.join(', ')} moved from ${from} to a new worker, ${w.name}\n`);
    };

    for (let i = 0; i < cmd.workers; i++) {
      const mine = Array.from({ length: cmd.shards }, (_, s) => s).filter((s) => s % cmd.workers === i);
      if (mine.length > 0) spawnWorker(`w${i + 1}`, mine);
    }
    const merging = mergeAlerts({ urls, run, emit: write, stop: stopMerge.signal });
    merging.catch(() => {});
    const killAt = async (batch: number): Promise<void> => {
      if (batch === cmd.killWorkerAt) {
        const w = workers.find((x) => x.name === 'w1');
        io.stderr('fleet: fault drill: killing worker w1 (SIGKILL)\n');
        w?.child.kill('SIGKILL');
      }
      if (batch === cmd.killNodeAt) {
        const leader = (await jsm.streams.info(PACKET_STREAM)).cluster?.leader;
        const node = Math.max(0, c.names.indexOf(leader ?? ''));
        io.stderr(`fleet: fault drill: killing NATS node ${c.names[node]}, the packet stream's leader\n`);
        await c.kill(node);
      }
    };
    capture = await runCapturePoint({
      urls,
      run,
      shards: cmd.shards,
      sensor: a,
      backlogBytes: cmd.backlogBytes,
      stderr: io.stderr,
      onBatch: killAt,
      onBehind: (bytes, waiting) =>
        io.stderr(
          waiting
            ? `fleet: the workers are ${(bytes / 2 ** 20).toFixed(1)} MiB behind (limit ${(cmd.backlogBytes / 2 ** 20).toFixed(1)} MiB): the capture point waits\n`
            : 'fleet: the workers have caught up\n',
        ),
      onFull: (subject) => io.stderr(`fleet: the packet stream is full (${subject}): the capture point waits\n`),
    });
    merge = await merging;
    for (const w of workers) await w.exited;
  } catch (e) {
    fail(describeError(e));
  } finally {
    stopMerge.abort();
    for (const w of workers) if (w.alive) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await nc?.close().catch(() => {});
    brokerCpuMs = brokerCpu?.stop() ?? 0;
    workerCpuMs = workerCpu?.stop() ?? 0;
    await cluster?.stop().catch(() => {});
    if (outFd !== null) closeSync(outFd);
  }
  if (failure) io.stderr(`fleet: ${failure}\n`);
  return {
    code: failure === null ? 0 : 1,
    capture,
    merge,
    workers: workers.flatMap((w) => (w.stats ? [w.stats] : [])),
    brokerCpuMs,
    workerCpuMs,
    seconds: (performance.now() - started) / 1000,
    moved,
  };
}
