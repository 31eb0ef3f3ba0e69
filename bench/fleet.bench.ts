/**
 * The sensor fleet (`cli/sensor.ts fleet`: a local NATS cluster, the capture point, worker processes and the
 * merge of alerts) against the single sensor (`cli/sensor.ts`) on the same capture, both as users run them
 * (child processes), with a bundle trained on lab-a. Four runs: the single sensor, the fleet, the fleet
 * again with faults (worker w1 killed at batch 20, the packet stream's leader node at batch 35; needs
 * --nodes 3 and --workers 2 or more), and the fleet staged (below). Every run writes EVE JSON, compared line
 * by line with the single sensor's.
 *
 * Figures:
 *   - packets_per_s: the fleet's packets / its wall seconds (the whole command, cluster start-up included).
 *     On this machine every process (NATS nodes, capture point, workers, merge) shares the same cores, so
 *     this is not what a fleet spread over machines would do.
 *   - single_sensor_packets_per_s: the single sensor's packets / its wall seconds.
 *   - per_worker_core_ratio: from a fourth, staged run (below): (packets / the workers' CPU seconds) /
 *     (packets / the single sensor's CPU seconds), both from /proc and both with their start-up (tsx
 *     compiling, the model load), i.e. single_sensor_cpu_ms / staged_worker_cpu_ms: the throughput per core
 *     a worker spends against the standalone sensor's. Workers do less than the sensor (the capture point
 *     parses) but decode, featurize per shard copy and talk to NATS. per_worker_core_ratio_steady leaves the
 *     workers' start-up out (their own stats.cpuMs), not the sensor's: it flatters them on a short input.
 *   - per_worker_core_ratio_colocated: the same ratio from the plain fleet run, where the capture point, the
 *     NATS servers, the workers and the merge all run at once on this machine's cores (2 on the bench box):
 *     the workers' CPU per packet is inflated by that contention (cache, scheduling and the NATS servers'
 *     busy threads), e.g. 15.6 µs/packet on lab-a ×4 against ~9 µs for the same code in one process.
 *     per_core_ratio_with_capture counts the capture point's CPU with the co-located workers'.
 *   - broker_us_per_packet: the NATS servers' CPU µs per packet.
 *   - alerts_identical: every fleet run (plain, faulted, staged) gave exactly the single sensor's lines, in
 *     order.
 * The staged run isolates the workers, as a deployment would (there each worker has cores of its own): in
 * this process it starts the cluster (cli/lib/fleet/nats-cluster.ts), runs the capture point over the whole
 * input with no worker running (its backlog limit lifted, so it never waits for them), then spawns the
 * workers (`cli/sensor.ts worker`, shard s on worker s % workers) over the stored batches, timing them from
 * spawn to the last exit (staged_worker_seconds) with only them and the NATS servers busy
 * (staged_broker_cpu_ms), then merges the alerts (staged_alerts_identical). staged_worker_cpu_ms is the
 * workers' /proc CPU (start-up included); staged_worker_steady_cpu_ms sums each worker's own stats.cpuMs
 * (from the start of its run function, after module loading).
 * CPU of a child is utime + stime from /proc/<pid>/stat (threads included), sampled every 100 ms until it
 * exits (cli/lib/fleet/proc-cpu.ts), so up to 100 ms of a run's end may be missed. The fleet reports its
 * workers' and brokers' CPU the same way, and its orchestrator's (capture point and merge: one process) from
 * process.cpuUsage(), reported once as capture_and_merge_cpu_ms. With --runs N the single sensor and the
 * plain fleet each run N times and the fastest run of each gives the figures; the faulted and the staged
 * fleet run once.
 *
 *   npm run bench:fleet -- [--csv FILE | --pcap FILE] [--model M.zip] [--workers 2] [--nodes 1|3] [--runs 1]
 *
 * Last line: {"bench":"fleet","workers":..,"packets_per_s":..,"single_sensor_packets_per_s":..,
 *   "per_worker_core_ratio":..,"broker_us_per_packet":..,"alerts_identical":..,...}
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { mergeAlerts } from '../cli/lib/fleet/alert-merge.ts';
import { type CapturePointStats, runCapturePoint } from '../cli/lib/fleet/capture-point.ts';
import { ensureFleetStreams, replicasFor } from '../cli/lib/fleet/fleet-streams.ts';
import type { WorkerStats } from '../cli/lib/fleet/fleet-worker.ts';
import { startCluster } from '../cli/lib/fleet/nats-cluster.ts';
import { CpuSampler, processCpuMs } from '../cli/lib/fleet/proc-cpu.ts';
import type { FleetResult } from '../cli/lib/fleet/run-fleet.ts';
import { parseSensorArgs } from '../cli/lib/sensor-args.ts';
import { DEFAULT_MODEL, ensureBenchModel, LAB_A } from './lib/bench-model.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const MODEL = opt('model') ?? DEFAULT_MODEL;
const PCAP = opt('pcap');
const INPUT = PCAP ? ['--pcap', PCAP] : ['--csv', opt('csv') ?? LAB_A];
const WORKERS = Number(opt('workers') ?? '2');
const NODES = Number(opt('nodes') ?? '3');
const RUNS = Math.max(1, Number(opt('runs') ?? '1'));
const FAULTS = ['--kill-worker-at', '20', '--kill-node-at', '35'];
const log = (s: string): void => console.log(s);
const round = (v: number, d = 0): number => Math.round(v * 10 ** d) / 10 ** d;
const fmt = (v: number): string => Math.round(v).toLocaleString('en');

/** A child that failed (exit code, or no stats line): main prints its stderr's tail and exits 1. */
class ChildFailed extends Error {
  constructor(
    message: string,
    readonly stderrTail: string,
  ) {
    super(message);
  }
}

interface ChildRun {
  readonly seconds: number;
  readonly cpuMs: number;
  readonly stderr: string;
}

/** Runs cli/sensor.ts with `argv` (cwd the repo root), timing it and sampling its CPU from /proc. */
function runSensorCli(what: string, argv: readonly string[]): Promise<ChildRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/sensor.ts', ...argv], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const cpu = new CpuSampler(() => (child.pid === undefined ? [] : [child.pid]), 100);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    child.on('error', (e) => {
      cpu.stop();
      reject(e);
    });
    // 'close' rather than 'exit': stderr is then read to its end (the stats line is its last).
    child.on('close', (code) => {
      const cpuMs = cpu.stop();
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) reject(new ChildFailed(`${what} exited ${code}`, stderr.slice(-3000)));
      else resolve({ seconds, cpuMs, stderr });
    });
  });
}

/** The last stderr line that is a JSON object with this `event`. */
function eventLine<T>(stderr: string, event: string): T {
  const prefix = `{"event":"${event}"`;
  const line = stderr
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(prefix));
  if (!line) throw new ChildFailed(`no ${event} line on stderr`, stderr.slice(-3000));
  return JSON.parse(line) as T;
}

interface SingleRun extends ChildRun {
  readonly packets: number;
  readonly stagesMs: Readonly<Record<string, number>>;
  readonly lines: readonly string[];
}

interface FleetRun extends ChildRun {
  readonly stats: FleetResult;
  readonly packets: number;
  /** The orchestrator's CPU (capture point and merge share its process.cpuUsage(): the larger of the two). */
  readonly orchestratorCpuMs: number;
  readonly lines: readonly string[];
}

const readLines = (path: string): string[] => {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
};

async function single(out: string): Promise<SingleRun> {
  rmSync(out, { force: true }); // the sensor appends: each run starts from an empty file
  const run = await runSensorCli('single sensor', ['--model', MODEL, ...INPUT, '--out', out]);
  const stats = eventLine<{ packets: number; stages_ms?: Record<string, number> }>(run.stderr, 'stats');
  return { ...run, packets: stats.packets, stagesMs: stats.stages_ms ?? {}, lines: readLines(out) };
}

async function fleet(what: string, out: string, extra: readonly string[]): Promise<FleetRun> {
  rmSync(out, { force: true });
  const argv = ['fleet', '--model', MODEL, ...INPUT, '--nodes', String(NODES), '--workers', String(WORKERS)];
  const run = await runSensorCli(what, [...argv, ...extra, '--out', out]);
  const stats = eventLine<FleetResult>(run.stderr, 'fleet-stats');
  if (stats.code !== 0 || !stats.capture)
    throw new ChildFailed(`${what}: fleet code ${stats.code}`, run.stderr.slice(-3000));
  const orchestratorCpuMs = Math.max(stats.capture.cpuMs, stats.merge?.cpuMs ?? 0);
  return { ...run, stats, packets: stats.capture.packets, orchestratorCpuMs, lines: readLines(out) };
}

/** Positions where the two files' lines differ (a missing line counts as differing). */
function linesDiffering(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) n++;
  return n;
}

/** The fastest of `runs` runs (by wall seconds). */
async function fastest<T extends ChildRun>(runs: number, once: (i: number) => Promise<T>): Promise<T> {
  let best: T | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await once(i);
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best as T;
}

function reportSingle(r: SingleRun): void {
  log(
    `single sensor: ${fmt(r.packets)} packets in ${r.seconds.toFixed(2)} s` +
      ` = ${fmt(r.packets / r.seconds)} packets/s; CPU ${fmt(r.cpuMs)} ms` +
      ` (${((r.cpuMs * 1000) / r.packets).toFixed(2)} µs/packet); ${r.lines.length} alert lines`,
  );
  const stages = Object.entries(r.stagesMs).map(([k, ms]) => `${k} ${fmt(ms)}`);
  log(`  stages ms: ${stages.join(', ')}`);
}

function reportFleet(name: string, r: FleetRun, want: readonly string[]): void {
  const c = r.stats.capture;
  const diff = linesDiffering(r.lines, want);
  log(
    `${name}: ${fmt(r.packets)} packets in ${r.seconds.toFixed(2)} s (its own ${r.stats.seconds.toFixed(2)} s)` +
      ` = ${fmt(r.packets / r.seconds)} packets/s; its own process's CPU ${fmt(r.cpuMs)} ms`,
  );
  log(
    `  CPU ms: workers ${fmt(r.stats.workerCpuMs)}, brokers ${fmt(r.stats.brokerCpuMs)},` +
      ` capture point and merge ${fmt(r.orchestratorCpuMs)}; ${c?.bytesPerPacket.toFixed(1)} bytes/packet published` +
      ` (${c?.messages} messages, ${c?.retries} retries, ${c?.behindWaits} waits for the workers)`,
  );
  for (const w of r.stats.workers) {
    const s = w.stagesMs;
    log(
      `  ${w.name}: shards ${w.shards.join(',')}, ${fmt(w.packets)} packets (shard copies), CPU ${fmt(w.cpuMs)} ms;` +
        ` ms read ${fmt(s.read)} take ${fmt(s.take)} window ${fmt(s.window)}` +
        ` vote ${fmt(s.vote)} publish ${fmt(s.publish)}`,
    );
  }
  if (r.stats.moved.length > 0) log(`  shards moved: ${r.stats.moved.map((m) => `${m.shard} ${m.from}→${m.to}`)}`);
  log(`  alerts: ${r.lines.length} lines, ${diff === 0 ? 'identical to the single sensor' : `${diff} lines differ`}`);
}

interface StagedRun {
  readonly packets: number;
  readonly capture: CapturePointStats;
  /** Wall seconds from spawning the workers to the last one's exit. */
  readonly workerSeconds: number;
  /** The workers' CPU from /proc: start-up (tsx compiling, model load) included. */
  readonly workerCpuMs: number;
  /** The sum of the workers' own stats.cpuMs: from the start of their run function, steady state. */
  readonly workerSteadyCpuMs: number;
  readonly workers: readonly { name: string; stats: WorkerStats }[];
  /** The NATS servers' CPU while the workers ran. */
  readonly brokerCpuMs: number;
  readonly lines: readonly string[];
}

/** Sum of the current /proc CPU of `pids` (ms). */
const cpuNow = (pids: readonly number[]): number => pids.reduce((t, pid) => t + (processCpuMs(pid) ?? 0), 0);

/**
 * The fleet in stages, so the workers run alone: the cluster starts, the capture point (in this process)
 * publishes the whole input with no worker running, then the workers run as child processes over the stored
 * batches (timed and CPU-sampled on their own), then the alerts are merged.
 */
async function staged(): Promise<StagedRun> {
  const parsed = parseSensorArgs(['--model', MODEL, ...INPUT]);
  if (!parsed.ok) throw new Error(`sensor args: ${parsed.error}`);
  const cluster = await startCluster({ nodes: NODES as 1 | 3 });
  try {
    const urls = cluster.urls;
    const nc = await connect({ servers: [...urls], reconnectTimeWait: 100, maxReconnectAttempts: -1 });
    try {
      await ensureFleetStreams(await jetstreamManager(nc), { replicas: replicasFor(NODES) });
    } finally {
      await nc.close();
    }
    const run = `bench-${Date.now().toString(36)}`;
    const capture = await runCapturePoint({
      urls,
      run,
      shards: 4 * WORKERS,
      sensor: parsed.args,
      backlogBytes: 2 ** 40,
      stderr: () => {},
    });
    const brokerFrom = cpuNow(cluster.pids());
    const t0 = performance.now();
    const children = Array.from({ length: WORKERS }, (_, i) => {
      const shards = Array.from({ length: 4 * WORKERS }, (_, s) => s).filter((s) => s % WORKERS === i);
      const name = `w${i + 1}`;
      const argv = ['worker', '--nats', urls.join(','), '--run', run, '--model', MODEL];
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'cli/sensor.ts', ...argv, '--shards', shards.join(','), '--name', name],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      return { name, child };
    });
    const workerCpu = new CpuSampler(
      () => children.flatMap(({ child }) => (child.pid === undefined ? [] : [child.pid])),
      100,
    );
    let done: { name: string; stderr: string }[];
    let workerCpuMs = 0;
    try {
      done = await Promise.all(
        children.map(
          ({ name, child }) =>
            new Promise<{ name: string; stderr: string }>((resolve, reject) => {
              let stderr = '';
              child.stderr?.setEncoding('utf8');
              child.stderr?.on('data', (text: string) => {
                stderr += text;
              });
              child.on('error', reject);
              child.on('close', (code) => {
                if (code !== 0) reject(new ChildFailed(`staged worker ${name} exited ${code}`, stderr.slice(-3000)));
                else resolve({ name, stderr });
              });
            }),
        ),
      );
    } catch (e) {
      for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
      throw e;
    } finally {
      workerCpuMs = workerCpu.stop();
    }
    const workerSeconds = (performance.now() - t0) / 1000;
    const brokerCpuMs = cpuNow(cluster.pids()) - brokerFrom;
    const workers = done.map(({ name, stderr }) => ({
      name,
      stats: eventLine<{ stats: WorkerStats }>(stderr, 'worker-stats').stats,
    }));
    const records: string[] = [];
    await mergeAlerts({ urls, run, emit: (r) => records.push(JSON.stringify(r)) });
    const text = records.length === 0 ? '' : `${records.join('\n')}\n`;
    return {
      packets: capture.packets,
      capture,
      workerSeconds,
      workerCpuMs,
      workerSteadyCpuMs: workers.reduce((t, w) => t + w.stats.cpuMs, 0),
      workers,
      brokerCpuMs,
      lines: text === '' ? [] : text.replace(/\n$/, '').split('\n'),
    };
  } finally {
    await cluster.stop();
  }
}

function reportStaged(r: StagedRun, want: readonly string[]): void {
  const diff = linesDiffering(r.lines, want);
  log(
    `staged fleet: capture point published ${fmt(r.packets)} packets in ${r.capture.seconds.toFixed(2)} s` +
      ` (CPU ${fmt(r.capture.cpuMs)} ms, no worker running); then ${WORKERS} workers alone:` +
      ` ${r.workerSeconds.toFixed(2)} s wall, CPU ${fmt(r.workerCpuMs)} ms from /proc (start-up included),` +
      ` ${fmt(r.workerSteadyCpuMs)} ms in their run functions` +
      ` (${((r.workerSteadyCpuMs * 1000) / r.packets).toFixed(2)} µs/packet);` +
      ` brokers ${fmt(r.brokerCpuMs)} ms meanwhile`,
  );
  for (const w of r.workers) {
    const s = w.stats.stagesMs;
    log(
      `  ${w.name}: shards ${w.stats.shards.join(',')}, ${fmt(w.stats.packets)} packets (shard copies),` +
        ` CPU ${fmt(w.stats.cpuMs)} ms; ms read ${fmt(s.read)} take ${fmt(s.take)} window ${fmt(s.window)}` +
        ` vote ${fmt(s.vote)} publish ${fmt(s.publish)}`,
    );
  }
  log(`  alerts: ${r.lines.length} lines, ${diff === 0 ? 'identical to the single sensor' : `${diff} lines differ`}`);
}

/** packets per CPU second. */
const perCpuS = (packets: number, cpuMs: number): number => packets / (cpuMs / 1000);

async function bench(tmp: string): Promise<void> {
  log(`fleet bench: ${cpus().length} cores (shared by every process of the fleet), node ${process.version}`);
  log(`input ${INPUT.join(' ')}, model ${MODEL}, ${NODES} NATS nodes, ${WORKERS} workers, ${RUNS} run(s) each`);
  ensureBenchModel(MODEL, log);
  const one = await fastest(RUNS, () => single(join(tmp, 'single.jsonl')));
  reportSingle(one);
  const plain = await fastest(RUNS, (i) => fleet(`fleet run ${i + 1}`, join(tmp, 'fleet.jsonl'), []));
  reportFleet('fleet', plain, one.lines);
  let faulted: FleetRun | null = null;
  if (NODES === 3 && WORKERS >= 2) {
    faulted = await fleet('faulted fleet', join(tmp, 'fleet-faults.jsonl'), FAULTS);
    reportFleet(`fleet with faults (${FAULTS.join(' ')})`, faulted, one.lines);
  } else log('fleet with faults: skipped (needs --nodes 3 and --workers 2 or more)');
  const stage = await staged();
  reportStaged(stage, one.lines);
  const identical =
    linesDiffering(plain.lines, one.lines) === 0 &&
    linesDiffering(stage.lines, one.lines) === 0 &&
    (faulted ? linesDiffering(faulted.lines, one.lines) === 0 : true);
  const singleRate = perCpuS(one.packets, one.cpuMs);
  const workerRatio = perCpuS(stage.packets, stage.workerCpuMs) / singleRate;
  const steady = perCpuS(stage.packets, stage.workerSteadyCpuMs) / singleRate;
  const colocated = perCpuS(plain.packets, plain.stats.workerCpuMs) / singleRate;
  const withCapture = perCpuS(plain.packets, plain.stats.workerCpuMs + plain.orchestratorCpuMs) / singleRate;
  log(
    `per core: staged workers ${workerRatio.toFixed(2)}x the single sensor's packets per CPU second` +
      ` (${steady.toFixed(2)}x leaving their start-up out); co-located workers ${colocated.toFixed(2)}x,` +
      ` ${withCapture.toFixed(2)}x counting the capture point and merge`,
  );
  log(
    JSON.stringify({
      bench: 'fleet',
      workers: WORKERS,
      packets_per_s: Math.round(plain.packets / plain.seconds),
      single_sensor_packets_per_s: Math.round(one.packets / one.seconds),
      per_worker_core_ratio: round(workerRatio, 3),
      broker_us_per_packet: round((plain.stats.brokerCpuMs * 1000) / plain.packets, 2),
      alerts_identical: identical,
      nodes: NODES,
      packets: plain.packets,
      seconds: round(plain.seconds, 2),
      single_sensor_seconds: round(one.seconds, 2),
      single_sensor_cpu_ms: Math.round(one.cpuMs),
      worker_cpu_ms: Math.round(plain.stats.workerCpuMs),
      broker_cpu_ms: Math.round(plain.stats.brokerCpuMs),
      capture_and_merge_cpu_ms: Math.round(plain.orchestratorCpuMs),
      bytes_per_packet: round(plain.stats.capture?.bytesPerPacket ?? 0, 1),
      per_core_ratio_with_capture: round(withCapture, 3),
      per_worker_core_ratio_colocated: round(colocated, 3),
      per_worker_core_ratio_steady: round(steady, 3),
      staged_worker_cpu_ms: Math.round(stage.workerCpuMs),
      staged_worker_steady_cpu_ms: Math.round(stage.workerSteadyCpuMs),
      staged_worker_seconds: round(stage.workerSeconds, 2),
      staged_broker_cpu_ms: Math.round(stage.brokerCpuMs),
      staged_capture_seconds: round(stage.capture.seconds, 2),
      staged_alerts_identical: linesDiffering(stage.lines, one.lines) === 0,
      ...(faulted
        ? {
            fault_seconds: round(faulted.seconds, 2),
            fault_packets_per_s: Math.round(faulted.packets / faulted.seconds),
            shards_moved: faulted.stats.moved.length,
          }
        : {}),
    }),
  );
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-fleet-'));
  try {
    await bench(tmp);
  } catch (e) {
    if (!(e instanceof ChildFailed)) throw e;
    log(`${e.message}; its stderr ends:\n${e.stderrTail}`);
    process.exitCode = 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
