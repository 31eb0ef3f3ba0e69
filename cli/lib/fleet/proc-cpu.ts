/**
 * CPU time of other processes from /proc (Linux), sampled while they run: the last sample of a process that
 * has exited or been killed is what it used. For the fleet's figures: the NATS servers' time per packet (the
 * broker's overhead) and the workers' time per packet.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's times (USER_HZ: 100 on every Linux architecture Node runs on). */
const TICKS_PER_S = 100;

/** utime + stime of `pid` in ms, or null once it is gone. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** Samples the CPU time of the processes `pids()` names, every `everyMs`, keeping each one's latest. */
export class CpuSampler {
  private readonly latest = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: () => readonly number[],
    everyMs = 200,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
    this.sample();
  }

  sample(): void {
    for (const pid of this.pids()) {
      const ms = processCpuMs(pid);
      if (ms !== null) this.latest.set(pid, ms);
    }
  }

  /** Stops sampling (after one last sample) and gives the total over every process seen. */
  stop(): number {
    this.sample();
    clearInterval(this.timer);
    let total = 0;
    for (const ms of this.latest.values()) total += ms;
    return total;
  }
}
