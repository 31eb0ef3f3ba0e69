/**
 * Peak memory (PSS) of Chromium's renderer processes (the page and its workers live there), sampled from
 * /proc while a benchmark runs. Linux only; returns 0 where /proc is missing.
 */
import { readdirSync, readFileSync } from 'node:fs';

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      /* exited */
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/**
 * Proportional set size: pages shared between Chromium's processes (libraries, the V8 snapshot) count once
 * across them, not once per process as summed RSS would. Falls back to RSS where smaps_rollup is missing.
 */
function rssMb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    /* older kernel or exited */
  }
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function isRenderer(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
  } catch {
    return false;
  }
}

/** Starts sampling the renderers under `browserPid`; `stop()` returns the peak total in MB. */
export function sampleRendererMemory(
  browserPid: number,
  everyMs = 50,
): { stop: () => number; timeline: () => [number, number][] } {
  let peak = 0;
  const t0 = performance.now();
  const timeline: [number, number][] = [];
  let renderers = descendants(browserPid).filter(isRenderer);
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks % 20 === 0) renderers = descendants(browserPid).filter(isRenderer);
    const total = renderers.reduce((s, p) => s + rssMb(p), 0);
    if (total > peak) peak = total;
    if (ticks % 10 === 0) timeline.push([Math.round(performance.now() - t0), Math.round(total)]);
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.round(peak);
    },
    timeline: () => timeline,
  };
}

/** The pid of the process whose command line contains `marker` (a flag passed only to that browser). */
export function findPidByArg(marker: string): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes(marker) && !cmd.includes('--type=')) return Number(d);
    } catch {
      /* exited */
    }
  }
  return undefined;
}
