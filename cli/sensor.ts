/**
 * `npm run sensor -- --model MODEL.zip (--csv FILE|- | --pcap FILE | --live IFACE)`: see lib/sensor-run.ts;
 * `npm run sensor -- capture|worker|alerts ...` and `npm run fleet`: see lib/fleet/fleet-args.ts.
 */
import { setFlagsFromString } from 'node:v8';
import { guardProcess } from './lib/cli-process.ts';
import { runSensor } from './lib/sensor-run.ts';
import { FLEET_ROLES } from './lib/fleet/fleet-roles.ts';

// A sensor's heap is mostly short-lived per-packet keys and memories over a small live set (~50 MB at the
// default group cap); V8's default lets the heap grow to 4x the live set between full collections, which under
// a random-source flood put the process past 400 MB. A growing factor of 1.6 keeps it near 200 MB at a small
// cost in collection time. (Read by V8 at each collection, so setting it here, before any work, takes effect.)
setFlagsFromString('--heap-growing-percent=60');

// stdout closed by its reader (`| head`) stops the sensor as SIGTERM does: input closed, threads ended, exit 0.
const readerGone = new AbortController();
guardProcess('sensor', () => readerGone.abort());
const io = {
  stdout: (text: string) => {
    if (!readerGone.signal.aborted) process.stdout.write(text);
  },
  stderr: (text: string) => {
    process.stderr.write(text);
  },
  stop: readerGone.signal,
};
// `sensor capture|worker|alerts|fleet ...`: the sensor as a fleet (lib/fleet/fleet-args.ts).
// Loaded only then: the NATS client is not part of the plain sensor.
const [role, ...rest] = process.argv.slice(2);
const fleetRole = FLEET_ROLES.find((r) => r === role);
const code = fleetRole
  ? await (await import('./lib/fleet/fleet-cli.ts')).runFleetCommand(fleetRole, rest, io)
  : await runSensor(process.argv.slice(2), io);
// Explicit: a destroyed stdin or tfjs' wasm threads must not keep a finished sensor alive. Waits for stdout to drain.
if (readerGone.signal.aborted || process.stdout.destroyed) process.exit(code);
else process.stdout.write('', () => process.exit(code));
