/**
 * Passes on at most one progress report per interval (plus the last one, after a pause), so React renders
 * the progress panel about ten times a second however often the pipeline reports. A change of phase is
 * passed on at once: "finishing" should show without waiting.
 */
import type { IngestProgress } from '../../workers/ingest-types.ts';

export class ProgressThrottle {
  private pending: IngestProgress | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastAt = -Infinity;
  private lastPhase: IngestProgress['phase'] | null = null;

  constructor(
    private readonly publish: (p: IngestProgress) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(p: IngestProgress): void {
    this.pending = p;
    const wait = this.intervalMs - (this.now() - this.lastAt);
    if (p.phase !== this.lastPhase || wait <= 0) {
      this.flush();
    } else if (this.timer === null) {
      this.timer = setTimeout(() => this.flush(), wait);
    }
  }

  /** Drops anything not yet published (the load ended or was replaced). */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
  }

  private flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.lastAt = this.now();
    this.lastPhase = p.phase;
    this.publish(p);
  }
}
