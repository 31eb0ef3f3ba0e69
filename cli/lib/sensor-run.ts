/**
 * The logic of `npm run sensor`: a byte stream (a CSV or a capture, from a file, stdin or a capture tool)
 * cut into batches, each classified while the stream waits (backpressure: the next piece is read only when
 * the batch is done), alerts written as EVE JSON lines as they happen. Stats on stderr at the end and on SIGUSR1; SIGINT/SIGTERM stop cleanly.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { EveRecord } from '../../src/core/sensor/eve.ts';
import { CsvBatcher } from '../../src/core/sensor/csv-batcher.ts';
import { CaptureBatcher } from '../../src/core/sensor/capture-batcher.ts';
import { CaptureFormatError } from '../../src/core/ingest/pcap/captured-frame.ts';
import { localTimeZone } from '../../src/core/ingest/pcap/capture-load.ts';
import { Sensor } from '../../src/core/sensor/sensor.ts';
import { loadSensorModel, type ClassifierKind } from './sensor-classifier.ts';
import { parseSensorArgs, SENSOR_USAGE } from './sensor-args.ts';
import { openInput } from './sensor-input.ts';

export interface SensorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Bad lines listed on stderr before only counting them. */
const LISTED_PROBLEMS = 5;
/** How often a waiting batch is classified anyway (a slow live link) and quiet alerts are checked. */
const TICK_MS = 250;

/** What went wrong reading the input, with the byte offset where a capture's format says it. */
function inputError(source: string, e: unknown): string {
  if (e instanceof CaptureFormatError) return `${source}: ${e.message} (byte ${e.offset.toLocaleString('en-US')})`;
  return e instanceof Error ? e.message : String(e);
}

export async function runSensor(argv: readonly string[], io: SensorIo, classifierKind: ClassifierKind = 'auto'): Promise<number> {
  const parsed = parseSensorArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) { io.stdout(`${SENSOR_USAGE}\n`); return 0; }
    io.stderr(`sensor: ${parsed.error}\n\n${SENSOR_USAGE}\n`);
    return 2;
  }
  const a = parsed.args;
  const started = performance.now();
  let loaded: Awaited<ReturnType<typeof loadSensorModel>>;
  try {
    loaded = await loadSensorModel(a.model, classifierKind, { k: a.voteK, threshold: a.voteThreshold, minVotes: a.voteMin, minScore: a.voteMinScore }, !a.singleThread && availableParallelism() > 1);
  } catch (e) {
    io.stderr(`sensor: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const { model } = loaded;
  let outFd: number | null = null;
  try {
    if (a.out) outFd = openSync(a.out, 'a');
  } catch (e) {
    io.stderr(`sensor: cannot write ${a.out}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const write = (r: EveRecord): void => {
    const line = `${JSON.stringify(r)}\n`;
    if (outFd !== null) writeSync(outFd, line); else io.stdout(line);
  };
  const live = a.input.kind === 'live';
  const sensor = new Sensor(model, {
    quietUs: a.quietS * 1e6,
    maxGroups: a.maxGroups,
    stride: a.stride,
    idleUs: a.idleS * 1e6,
    combine: a.combine,
    ...(live && a.input.kind === 'live' ? { iface: a.input.iface } : {}),
  }, write);
  const views = model.views.map((v, i) => `${v.name} (windows of ${v.size}, ${loaded.classifiers[i]})`).join(', ');
  io.stderr(`sensor: model ${a.model} (${model.classes.length} classes; ${model.views.length > 1 ? 'views' : 'view'} ${views}${a.stride > 1 ? `; every ${a.stride}th window classified` : ''}; up to ${a.maxGroups.toLocaleString('en-US')} groups)\n`);

  const input = openInput(a.input, a.captureTool, io.stderr);
  const batcher = input.format === 'csv' ? new CsvBatcher() : new CaptureBatcher(localTimeZone());
  const source = a.input.kind === 'live' ? a.input.iface : a.input.path === '-' ? 'stdin' : a.input.path;
  let malformed = 0;
  let listed = 0;
  let failure: string | null = null;
  const stats = (): string => {
    const c = sensor.counts();
    const s = (performance.now() - started) / 1000;
    return JSON.stringify({
      event: 'stats', elapsed_s: +s.toFixed(3), packets: c.packets, packets_per_s: Math.round(c.packets / Math.max(s, 1e-3)), windows: c.windows,
      alerts: c.alerts, open_alerts: c.openAlerts, groups_tracked: c.groups, groups_evicted: c.evicted, malformed_lines: malformed, views: c.views,
    });
  };
  const classify = (): Promise<void> | null => {
    const b = batcher.take();
    malformed += b.malformed;
    for (const p of b.problems) if (listed++ < LISTED_PROBLEMS) io.stderr(`sensor: skipped ${p}\n`);
    return b.table ? sensor.process(b.table) : null;
  };
  const fail = (e: unknown): void => { failure ??= e instanceof Error ? e.message : String(e); };
  // One batch is classified (on the classifier thread) while the next is read, parsed and windowed.
  const inFlight: Promise<void>[] = [];
  const runBatch = async (): Promise<void> => {
    try {
      const p = classify();
      if (p) { p.catch(() => {}); inFlight.push(p); } // rejections are taken when awaited below, not left unhandled
      while (inFlight.length > 1) await inFlight.shift();
    } catch (e) {
      fail(e);
    }
  };

  let stopping = false;
  const stop = (): void => { if (!stopping) { stopping = true; input.stop(); } };
  const onUsr1 = (): void => io.stderr(`${stats()}\n`);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGUSR1', onUsr1);
  let lastPieceAt = 0;
  const timer = setInterval(() => {
    // A slow stream (live, a pipe) is classified when it pauses; a file's batches are cut by size only, so
    // two runs over one file give the same batches and the same alerts.
    if (batcher.pendingBytes > 0 && performance.now() - lastPieceAt >= TICK_MS) void runBatch();
    // On a quiet live link no packet moves time on; the wall clock closes quiet alerts instead.
    if (live) sensor.tick(Date.now() * 1000).catch(fail);
  }, TICK_MS);
  try {
    for await (const piece of input.stream) {
      lastPieceAt = performance.now();
      batcher.push(new Uint8Array((piece as Buffer).buffer, (piece as Buffer).byteOffset, (piece as Buffer).byteLength));
      if (batcher.pendingBytes >= a.batchBytes) await runBatch();
      if (stopping || failure) break;
    }
  } catch (e) {
    // A stream destroyed by stop() ends the loop with an error; anything else is a read failure.
    if (!stopping) failure ??= inputError(source, e);
  }
  clearInterval(timer);
  // What ended the input, if it failed (a capture tool that could not start says why, not "empty").
  const inputFailure = stopping ? null : await input.done;
  let endFailure: string | null = null;
  try {
    // After a stop the bytes past the last line break (or frame) are a cut, not a truncated packet: dropped.
    if (!stopping) {
      const report = batcher.end();
      if (report) for (const n of report.notes.slice(0, 5)) io.stderr(`sensor: ${source}: ${n.detail} (byte ${n.offset.toLocaleString('en-US')})\n`);
    }
  } catch (e) {
    endFailure = inputError(source, e);
  }
  await runBatch();
  try {
    await Promise.all(inFlight.splice(0));
    await sensor.flush('shutdown');
  } catch (e) {
    fail(e);
  }
  await loaded.close();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  process.off('SIGUSR1', onUsr1);
  if (outFd !== null) closeSync(outFd);
  io.stderr(`${stats()}\n`);
  const why = failure ?? inputFailure ?? endFailure;
  if (why) { io.stderr(`sensor: ${why}\n`); return 1; }
  return 0;
}
