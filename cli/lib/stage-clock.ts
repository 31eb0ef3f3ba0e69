/**
 * Where the sensor's time goes, stage by stage, for its stats line, and which thread each stage runs on.
 * Each stage is timed where it runs (the parse and classifier threads report their own); read is the time
 * the reader waited for the input's bytes, less what the main thread did meanwhile (with the parse thread,
 * batches are windowed while the reader waits). The vote stage's time includes writing the records it emits.
 * Classifiers on the main thread run within Sensor.process: their time is the call's, less its windowing
 * (the fast path answers at once; tfjs's work after its first await is not counted).
 */
import type { WindowClassifier } from '../../src/core/sensor/classifier.ts';
import type { Sensor, SensorModel } from '../../src/core/sensor/sensor.ts';
import type { ThreadClassifier } from './classifier-thread.ts';
import type { SensorParser } from './sensor-parser.ts';

export const STAGES = ['read', 'parse', 'featurize', 'window', 'classify', 'vote', 'write'] as const;
export type Stage = (typeof STAGES)[number];
export type StageThread = 'main' | 'parse' | 'classifier';

export class StageClock {
  private readMs = 0;
  /** When the reader began waiting for bytes (null: it is not waiting), and the main thread's work then. */
  private since: number | null = null;
  private busyAt = 0;
  private classifyHereMs = 0;
  private readonly onThread: readonly ThreadClassifier[];

  constructor(
    model: SensorModel,
    private readonly sensor: Sensor,
    private readonly parser: SensorParser,
    private readonly writeMs: () => number,
  ) {
    this.onThread = model.views.map((v) => v.classifier).filter(runsOnThread);
  }

  /** Runs Sensor.process: classifiers on this thread run in it, after the windowing. */
  process<T>(run: () => T): T {
    const s = this.sensor.stageMs;
    const t = performance.now();
    const windowing = s.featurize + s.window;
    try {
      return run();
    } finally {
      const windowed = s.featurize + s.window - windowing;
      if (this.onThread.length === 0) this.classifyHereMs += performance.now() - t - windowed;
    }
  }

  /** The reader waits for the next bytes. */
  reading(): void {
    this.since = performance.now();
    this.busyAt = this.mainBusyMs();
  }

  /** The bytes came, or the input ended. */
  read(): void {
    if (this.since === null) return;
    this.readMs += Math.max(0, performance.now() - this.since - (this.mainBusyMs() - this.busyAt));
    this.since = null;
  }

  /** How long the reader has waited for bytes (0 when not waiting: a pause of the input, not of the sensor). */
  waitedMs(): number {
    return this.since === null ? 0 : performance.now() - this.since;
  }

  stagesMs(): Record<Stage, number> {
    const s = this.sensor.stageMs;
    const ms = {
      read: this.readMs,
      parse: this.parser.parseMs,
      featurize: s.featurize,
      window: s.window,
      classify: this.classifyMs(),
      vote: s.vote,
      write: this.writeMs(),
    };
    for (const k of STAGES) ms[k] = Math.round(ms[k] * 10) / 10;
    return ms;
  }

  threads(): Record<Stage, StageThread> {
    return {
      read: 'main',
      parse: this.parser.thread,
      featurize: 'main',
      window: 'main',
      classify: this.onThread.length > 0 ? 'classifier' : 'main',
      vote: 'main',
      write: 'main',
    };
  }

  /** The main thread's work so far, but reading (writes happen within votes). */
  private mainBusyMs(): number {
    const s = this.sensor.stageMs;
    const parse = this.parser.thread === 'main' ? this.parser.parseMs : 0;
    return s.featurize + s.window + s.vote + parse + this.classifyHereMs;
  }

  private classifyMs(): number {
    return this.classifyHereMs + this.onThread.reduce((sum, c) => sum + c.threadMs, 0);
  }
}

const runsOnThread = (c: WindowClassifier): c is ThreadClassifier => 'threadMs' in c;
