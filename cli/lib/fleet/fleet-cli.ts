/** The fleet's subcommands of the sensor CLI (fleet-args.ts): each role's run, its stats line on stderr. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { describeError } from '../error-words.ts';
import { outFileProblem, WriteError } from '../out-file.ts';
import type { SensorIo } from '../sensor-run.ts';
import { mergeAlerts } from './alert-merge.ts';
import { runCapturePoint } from './capture-point.ts';
import { FLEET_USAGE, type FleetCommand, parseFleetArgs } from './fleet-args.ts';
import { runWorker } from './fleet-worker.ts';
import { runFleet } from './run-fleet.ts';

export async function runFleetCommand(
  role: FleetCommand['kind'],
  argv: readonly string[],
  io: SensorIo,
): Promise<number> {
  const parsed = parseFleetArgs(role, argv);
  if (!parsed.ok) {
    if (parsed.help) {
      io.stdout(`${FLEET_USAGE}\n`);
      return 0;
    }
    io.stderr(`${role}: ${parsed.error}\n\n${FLEET_USAGE}\n`);
    return 2;
  }
  const cmd = parsed.command;
  const line = (o: object): void => io.stderr(`${JSON.stringify(o)}\n`);
  try {
    switch (cmd.kind) {
      case 'fleet': {
        const r = await runFleet(cmd, io);
        line({ event: 'fleet-stats', ...r });
        return r.code;
      }
      case 'capture': {
        const stats = await runCapturePoint({
          urls: cmd.urls,
          run: cmd.run,
          shards: cmd.shards,
          sensor: cmd.sensor,
          backlogBytes: cmd.backlogBytes,
          stderr: io.stderr,
          onBehind: (bytes, waiting) =>
            line({ event: waiting ? 'workers-behind' : 'workers-caught-up', backlog_bytes: bytes }),
          onFull: (subject) => line({ event: 'stream-full', subject }),
        });
        line({ event: 'capture-stats', ...stats });
        return 0;
      }
      case 'worker': {
        const stats = await runWorker({ ...cmd, log: (text) => io.stderr(`${text}\n`) });
        line({ event: 'worker-stats', stats });
        return 0;
      }
      case 'alerts': {
        const problem = cmd.out === null ? null : outFileProblem(cmd.out);
        if (problem) throw new Error(problem);
        const fd = cmd.out === null ? null : openSync(cmd.out, 'a');
        try {
          const stats = await mergeAlerts({
            urls: cmd.urls,
            run: cmd.run,
            waitMs: cmd.waitS * 1000,
            stop: io.stop,
            emit: (r) => {
              const text = `${JSON.stringify(r)}\n`;
              try {
                if (fd === null) io.stdout(text);
                else writeSync(fd, text);
              } catch (e) {
                throw new WriteError(cmd.out ?? 'stdout', e);
              }
            },
          });
          line({ event: 'alerts-stats', ...stats });
        } finally {
          if (fd !== null) closeSync(fd);
        }
        return 0;
      }
    }
  } catch (e) {
    io.stderr(`${role}: ${describeError(e)}\n`);
    return 1;
  }
}
