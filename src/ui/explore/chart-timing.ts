/**
 * When the last chart request was made, answered and drawn: read by the explore benchmark through the
 * test hook, so it measures what a user waits for (not only the engine's share).
 */
export interface ChartTiming {
  readonly requestId: number;
  readonly askedAt: number;
  readonly answeredAt: number;
  readonly filterMs: number;
  readonly binMs: number;
  /** The worker's clock, moved to this page's performance.now() scale. */
  readonly startedAt: number;
  readonly repliedAt: number;
  /** Set once the figure of this request is drawn. */
  drawnAt: number | null;
}

let last: ChartTiming | null = null;

export function recordChartAnswer(t: Omit<ChartTiming, 'drawnAt'>): void {
  last = { ...t, drawnAt: null };
}

export function recordChartDrawn(requestId: number): void {
  if (last && last.requestId === requestId && last.drawnAt === null) last.drawnAt = performance.now();
}

export function lastChartTiming(): ChartTiming | null {
  return last;
}
