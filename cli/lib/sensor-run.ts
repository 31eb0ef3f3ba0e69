/**
 * The logic of `npm run sensor`: a byte stream (a CSV or a capture, from a file, stdin or a capture tool)
 * cut into batches and parsed (on the parse thread), each batch windowed (here) and classified (on the
 * classifier thread) while the stream waits (backpressure: the next piece is read only when there is room
 * for it), alerts written as EVE JSON lines as they happen. --single-thread does it all on this thread.
 * Stats on stderr at the end and on SIGUSR1, with the time of each stage; SIGINT/SIGTERM stop cleanly.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { EveRecord } from '../../src/core/sensor/eve.ts';
import { CsvBatcher } from '../../src/core/sensor/csv-batcher.ts';
import { CaptureBatcher } from '../../src/core/sensor/capture-batcher.ts';
import { localTimeZone } from '../../src/core/ingest/pcap/capture-load.ts';
import { Sensor } from '../../src/core/sensor/sensor.ts';
import { loadSensorModel, type ClassifierKind } from './sensor-classifier.ts';
import { parseSensorArgs, SENSOR_USAGE } from './sensor-args.ts';
import { openInput } from './sensor-input.ts';
import { parserHere, type SensorParser } from './sensor-parser.ts';
import { parseThread } from './parse-thread.ts';
import type { ParseEvent } from './parse-steps.ts';
import { OrderedQueue } from './ordered-queue.ts';
import { describeError } from './error-words.ts';
import { outFileProblem, WriteError } from './out-file.ts';
import { StageClock } from './stage-clock.ts';

export interface SensorIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Stops the sensor as SIGTERM does: its stdout's reader has gone (`sensor ... | head`). */
  readonly stop?: AbortSignal;
}

/** Bad lines listed on stderr before only counting them. */
const LISTED_PROBLEMS = 5;
/** How often a waiting batch is classified anyway (a slow live link) and quiet alerts are checked. */
const TICK_MS = 250;
/** Parsed batches waiting for the main thread, with the parse thread, before the reader waits. */
const QUEUED_BATCHES = 2;

export async function runSensor(
  argv: readonly string[],
  io: SensorIo,
  classifierKind: ClassifierKind = 'auto',
): Promise<number> {
  const parsed = parseSensorArgs(argv);
  if (!parsed.ok) {
    if (parsed.help) {
      io.stdout(`${SENSOR_USAGE}\n`);
      return 0;
    }
    io.stderr(`sensor: ${parsed.error}\n\n${SENSOR_USAGE}\n`);
    return 2;
  }
  const a = parsed.args;
  const started = performance.now();
  // Before the model's threads start: a mistyped folder is said at once.
  const outProblem = a.out === null ? null : outFileProblem(a.out);
  if (outProblem) {
    io.stderr(`sensor: ${outProblem}\n`);
    return 1;
  }
  let loaded: Awaited<ReturnType<typeof loadSensorModel>>;
  try {
    loaded = await loadSensorModel(
      a.model,
      classifierKind,
      { k: a.voteK, threshold: a.voteThreshold, minVotes: a.voteMin, minScore: a.voteMinScore },
      a.singleThread ? 0 : a.classifierThreads,
    );
  } catch (e) {
    io.stderr(`sensor: ${describeError(e)}\n`);
    return 1;
  }
  const { model } = loaded;
  let outFd: number | null = null;
  try {
    // Appended to: the records are a log, each line whole when written.
    if (a.out) outFd = openSync(a.out, 'a');
  } catch (e) {
    await loaded.close();
    io.stderr(`sensor: ${new WriteError(a.out ?? '', e).message}\n`);
    return 1;
  }
  let writeMs = 0;
  /** Writing the records failed (a full disk): the run stops, and says so. */
  let writeFailure: string | null = null;
  const write = (r: EveRecord): void => {
    if (writeFailure !== null) return;
    const t = performance.now();
    const line = `${JSON.stringify(r)}\n`;
    try {
      if (outFd !== null) writeSync(outFd, line);
      else io.stdout(line);
    } catch (e) {
      writeFailure = new WriteError(a.out ?? 'stdout', e).message;
      stop();
    }
    writeMs += performance.now() - t;
  };
  const live = a.input.kind === 'live';
  const sensor = new Sensor(
    model,
    {
      quietUs: a.quietS * 1e6,
      maxGroups: a.maxGroups,
      stride: a.stride,
      idleUs: a.idleS * 1e6,
      combine: a.combine,
      ...(live && a.input.kind === 'live' ? { iface: a.input.iface } : {}),
    },
    write,
  );
  const views = model.views.map((v, i) => `${v.name} (windows of ${v.size}, ${loaded.classifiers[i]})`).join(', ');
  io.stderr(
    `sensor: model ${a.model} (${model.classes.length} classes; ${model.views.length > 1 ? 'views' : 'view'} ${views}${a.stride > 1 ? `; every ${a.stride}th window classified` : ''}; up to ${a.maxGroups.toLocaleString('en-US')} groups)\n`,
  );

  const input = openInput(a.input, a.captureTool, io.stderr);
  let stopping = false;
  function stop(): void {
    if (!stopping) {
      stopping = true;
      input.stop();
    }
  }
  const source = a.input.kind === 'live' ? a.input.iface : a.input.path === '-' ? 'stdin' : a.input.path;
  let malformed = 0;
  let listed = 0;
  let failure: string | null = null;
  /** Ending the input failed (a capture cut where its format cannot say so): reported after the others. */
  let endFailure: string | null = null;
  // A failure ends the run: the input is stopped, not read on (a quiet live link may send nothing for long).
  const fail = (e: unknown): void => {
    failure ??= describeError(e);
    stop();
  };
  // One batch is classified (on the classifier thread) while the next is windowed, and parsed meanwhile on
  // the parse thread.
  const inFlight: Promise<void>[] = [];
  const handle = async (e: ParseEvent): Promise<void> => {
    if (e.kind === 'failed') {
      const f = e.failure;
      const text = f.offset === null ? f.message : `${source}: ${f.message} (byte ${f.offset.toLocaleString('en-US')})`;
      // After a stop, input that fails is not reported (as a read that fails then).
      if (f.stage === 'push' && !stopping) failure ??= text;
      else if (f.stage === 'end') endFailure ??= text;
      else if (f.stage === 'take') fail(f.message);
      return;
    }
    if (e.kind === 'end') {
      for (const n of e.notes) {
        const at = n.offset === null ? '' : ` (byte ${n.offset.toLocaleString('en-US')})`;
        io.stderr(`sensor: ${source}: ${n.detail}${at}\n`);
      }
      return;
    }
    const b = e.batch;
    malformed += b.malformed;
    for (const p of b.problems) if (listed++ < LISTED_PROBLEMS) io.stderr(`sensor: skipped ${p}\n`);
    if (!b.table) return;
    try {
      const table = b.table;
      const p = clock.process(() => sensor.process(table));
      p.catch(() => {}); // rejections are taken when awaited below, not left unhandled
      inFlight.push(p);
      while (inFlight.length > 2) await inFlight.shift();
    } catch (err) {
      fail(err);
    }
  };
  const queue = new OrderedQueue<ParseEvent>(handle);
  const emit = (e: ParseEvent): void => queue.add(e);
  const threads = !a.singleThread && availableParallelism() > 1;
  let parser: SensorParser;
  try {
    parser = threads
      ? await parseThread({ format: input.format, timeZone: localTimeZone(), batchBytes: a.batchBytes }, emit)
      : parserHere(input.format === 'csv' ? new CsvBatcher() : new CaptureBatcher(localTimeZone()), a.batchBytes, emit);
  } catch (e) {
    input.stop();
    await loaded.close();
    if (outFd !== null) closeSync(outFd);
    io.stderr(`sensor: the parse thread could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const clock = new StageClock(model, sensor, parser, () => writeMs);
  const stats = (): string => {
    const c = sensor.counts();
    const s = (performance.now() - started) / 1000;
    return JSON.stringify({
      event: 'stats',
      elapsed_s: +s.toFixed(3),
      packets: c.packets,
      packets_per_s: Math.round(c.packets / Math.max(s, 1e-3)),
      windows: c.windows,
      alerts: c.alerts,
      open_alerts: c.openAlerts,
      groups_tracked: c.groups,
      groups_evicted: c.evicted,
      malformed_lines: malformed,
      views: c.views,
      stages_ms: clock.stagesMs(),
      stage_threads: clock.threads(),
    });
  };

  const onUsr1 = (): void => io.stderr(`${stats()}\n`);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGUSR1', onUsr1);
  io.stop?.addEventListener('abort', stop);
  if (io.stop?.aborted) stop();
  const timer = setInterval(() => {
    // A slow stream (live, a pipe) is parsed and classified when it pauses; a file's batches are cut by size
    // only, so two runs over one file give the same batches and the same alerts.
    if (clock.waitedMs() >= TICK_MS && parser.pendingBytes > 0) parser.flush();
    // On a quiet live link no packet moves time on; the wall clock closes quiet alerts instead.
    if (live) sensor.tick(Date.now() * 1000).catch(fail);
  }, TICK_MS);
  // Backpressure: the next piece is read only when there is room. On the main thread, once the batch is
  // windowed and the one before it voted (as before the parse thread); with the parse thread, while it has
  // less than a few batches of unparsed input and fewer than a few parsed batches wait.
  const room = async (): Promise<void> => {
    if (!threads) return queue.idle();
    await parser.room();
    await queue.room(QUEUED_BATCHES);
  };
  try {
    clock.reading();
    for await (const piece of input.stream) {
      clock.read();
      parser.push(piece as Buffer);
      await room();
      if (stopping || failure) break;
      clock.reading();
    }
  } catch (e) {
    // A stream destroyed by stop() ends the loop with an error; anything else is a read failure.
    if (!stopping) fail(e);
  }
  clock.read();
  clearInterval(timer);
  // What ended the input, if it failed (a capture tool that could not start says why, not "empty").
  const inputFailure = stopping ? null : await input.done;
  // After a stop the bytes past the last line break (or frame) are a cut, not a truncated packet: dropped.
  await parser.finish(!stopping);
  await queue.idle();
  try {
    await Promise.all(inFlight.splice(0));
    await sensor.flush('shutdown');
  } catch (e) {
    fail(e);
  }
  await parser.close();
  await loaded.close();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  process.off('SIGUSR1', onUsr1);
  io.stop?.removeEventListener('abort', stop);
  if (outFd !== null) closeSync(outFd);
  io.stderr(`${stats()}\n`);
  const why = writeFailure ?? failure ?? inputFailure ?? endFailure;
  if (why) {
    io.stderr(`sensor: ${why}\n`);
    return 1;
  }
  return 0;
}
