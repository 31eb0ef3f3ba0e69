/**
 * The command lines of the fleet: `npm run sensor -- capture|worker|alerts ...` for one role each, on a NATS
 * cluster of your own, and `npm run fleet -- ...` for all of them on this machine. The capture point and the
 * one-machine fleet take the sensor's own options (sensor-args.ts) as well as their own.
 */
import { parseSensorArgs, type SensorArgs } from '../sensor-args.ts';
import type { FleetRole } from './fleet-roles.ts';
import { RUN_NAME } from './fleet-streams.ts';

const SHARED = `  --nats URLS             the cluster's client URLs, comma-separated (default nats://127.0.0.1:4222)
  --run NAME              the run: letters, digits, '-' and '_'`;

export const FLEET_USAGE = `usage:
  npm run fleet -- --model MODEL.zip (--csv FILE | --pcap FILE | --live IFACE) [--nodes 3] [--workers 2] [--out eve.json]
  npm run sensor -- capture --run NAME --model MODEL.zip (--csv FILE | --pcap FILE | --live IFACE) [--shards N] [--nats URLS]
  npm run sensor -- worker --run NAME --model MODEL.zip --shards 0,1,... [--nats URLS] [--name NAME]
  npm run sensor -- alerts --run NAME [--out eve.json] [--nats URLS]

The sensor as a fleet on NATS JetStream: a capture point publishes each batch of packets, split by shard
(each view's groups hashed to a shard), workers window, classify and vote on the shards they hold and
publish their votes, and \`alerts\` merges every shard's votes into incidents as the single sensor does,
writing the same EVE JSON. \`npm run fleet\` starts a local cluster (Debian's nats-server) of --nodes nodes,
the capture point, --workers workers and the merge on this machine, runs the input through, writes the
alerts and stops everything it started.

fleet and capture:
  every option of \`npm run sensor\` (--model, --csv/--pcap/--live, --vote-*, --combine, --quiet-s, --idle-s,
  --max-groups (per shard), --stride, --batch-kb, --capture-tool); the workers adopt them from the run
  --shards N              shards per view (default: 4 per worker; capture: 8)
  --backlog-mb MB         bytes published past the slowest shard before the capture point waits for the
                          workers, and says so on stderr (default 256)
fleet:
  --nodes 1|3             NATS nodes (default 3: streams kept on all three, any one may fail)
  --workers N             worker processes (default 2)
  --out FILE              write the alerts here (default stdout)
  --kill-worker-at B      fault drill: kill worker 1 (SIGKILL) once batch B is published; its shards move
  --kill-node-at B        fault drill: kill the packet stream's leader node once batch B is published
capture, worker, alerts:
${SHARED}
worker:
  --model FILE            the run's model bundle (the same file)
  --shards LIST           the shards it holds, e.g. 0,2,4
  --name NAME             its name in logs and for shards handed to it (default worker-PID)
alerts:
  --out FILE              write the alerts here (default stdout)
  --wait-s S              how long to wait for the run to appear (default 60)

Exit status: 0 done; 1 the input, model, cluster or a worker failed; 2 the command line is wrong.`;

export interface FleetCommon {
  readonly urls: readonly string[];
  readonly run: string;
}

export type FleetCommand =
  | {
      readonly kind: 'fleet';
      readonly sensor: SensorArgs;
      readonly nodes: 1 | 3;
      readonly workers: number;
      readonly shards: number;
      readonly backlogBytes: number;
      readonly killWorkerAt: number | null;
      readonly killNodeAt: number | null;
    }
  | ({
      readonly kind: 'capture';
      readonly sensor: SensorArgs;
      readonly shards: number;
      readonly backlogBytes: number;
    } & FleetCommon)
  | ({
      readonly kind: 'worker';
      readonly model: string;
      readonly shards: readonly number[];
      readonly name: string;
    } & FleetCommon)
  | ({ readonly kind: 'alerts'; readonly out: string | null; readonly waitS: number } & FleetCommon);

export type ParsedFleet =
  | { readonly ok: true; readonly command: FleetCommand }
  | { readonly ok: false; readonly help: boolean; readonly error: string };

const OWN: Readonly<Record<FleetCommand['kind'], readonly string[]>> = {
  fleet: ['nodes', 'workers', 'shards', 'backlog-mb', 'kill-worker-at', 'kill-node-at'],
  capture: ['nats', 'run', 'shards', 'backlog-mb'],
  worker: ['nats', 'run', 'model', 'shards', 'name'],
  alerts: ['nats', 'run', 'out', 'wait-s'],
};

/** argv after the role's name. */
export function parseFleetArgs(role: FleetRole, argv: readonly string[]): ParsedFleet {
  const fail = (error: string): ParsedFleet => ({ ok: false, help: false, error });
  if (argv.includes('-h') || argv.includes('--help')) return { ok: false, help: true, error: '' };
  // The role's own options are taken out; what is left is the sensor's (fleet, capture) or nothing.
  const own = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !OWN[role].includes(m[1])) {
      rest.push(argv[i]);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined) return fail(`--${m[1]} needs a value`);
    if (own.has(m[1])) return fail(`--${m[1]} is given twice`);
    own.set(m[1], value);
  }
  const whole = (name: string, def: number, min: number, max: number): number | string => {
    const raw = own.get(name);
    if (raw === undefined) return def;
    const x = Number(raw);
    return raw.trim() !== '' && Number.isInteger(x) && x >= min && x <= max
      ? x
      : `--${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`;
  };
  const urls = (own.get('nats') ?? 'nats://127.0.0.1:4222').split(',').map((u) => u.trim());
  if (urls.some((u) => !/^(nats|tls):\/\/[^\s/]+$/.test(u)))
    return fail(`--nats takes nats://HOST:PORT URLs, comma-separated (got ${JSON.stringify(own.get('nats'))})`);
  const run = own.get('run');
  if (role !== 'fleet') {
    if (run === undefined) return fail('give --run NAME (the same on the capture point, workers and alerts)');
    if (!RUN_NAME.test(run))
      return fail(`--run takes up to 64 letters, digits, '-' and '_' (got ${JSON.stringify(run)})`);
  }
  const backlogMb = Number(own.get('backlog-mb') ?? '256');
  if (!(backlogMb > 0)) return fail(`--backlog-mb must be a number > 0 (got ${JSON.stringify(own.get('backlog-mb'))})`);
  const backlogBytes = Math.round(backlogMb * 2 ** 20);
  if (role === 'worker' || role === 'alerts') {
    if (rest.length > 0) return fail(`unknown option ${rest[0]}`);
    const common = { urls, run: run as string };
    if (role === 'alerts') {
      const waitS = whole('wait-s', 60, 0, 86_400);
      if (typeof waitS === 'string') return fail(waitS);
      return { ok: true, command: { kind: 'alerts', ...common, out: own.get('out') ?? null, waitS } };
    }
    const model = own.get('model');
    if (model === undefined) return fail("give --model (the run's model bundle)");
    const list = own.get('shards');
    if (list === undefined) return fail('give --shards, the shards the worker holds (e.g. 0,1)');
    const shards = list.split(',').map((s) => Number(s.trim()));
    if (shards.some((s) => !Number.isInteger(s) || s < 0))
      return fail(`--shards takes shard numbers, comma-separated (got ${JSON.stringify(list)})`);
    const name = own.get('name') ?? `worker-${process.pid}`;
    if (!RUN_NAME.test(name)) return fail(`--name takes letters, digits, '-' and '_' (got ${JSON.stringify(name)})`);
    return { ok: true, command: { kind: 'worker', ...common, model, shards, name } };
  }
  const sensor = parseSensorArgs(rest);
  if (!sensor.ok) return { ok: false, help: sensor.help, error: sensor.error };
  if (role === 'capture') {
    const shards = whole('shards', 8, 1, 4096);
    if (typeof shards === 'string') return fail(shards);
    return {
      ok: true,
      command: { kind: 'capture', urls, run: run as string, sensor: sensor.args, shards, backlogBytes },
    };
  }
  const nodes = whole('nodes', 3, 1, 3);
  if (typeof nodes === 'string') return fail(nodes);
  if (nodes === 2) return fail('--nodes takes 1 or 3 (two nodes cannot elect a leader when one fails)');
  const workers = whole('workers', 2, 1, 64);
  if (typeof workers === 'string') return fail(workers);
  const shards = whole('shards', 4 * workers, 1, 4096);
  if (typeof shards === 'string') return fail(shards);
  const at = (name: string): number | null | string => (own.has(name) ? whole(name, 0, 0, 2 ** 31) : null);
  const killWorkerAt = at('kill-worker-at');
  const killNodeAt = at('kill-node-at');
  for (const x of [killWorkerAt, killNodeAt]) if (typeof x === 'string') return fail(x);
  if (killWorkerAt !== null && workers < 2)
    return fail('--kill-worker-at needs --workers 2 or more (another must take its shards)');
  if (killNodeAt !== null && nodes < 3) return fail('--kill-node-at needs --nodes 3 (one node alone cannot fail)');
  return {
    ok: true,
    command: {
      kind: 'fleet',
      sensor: sensor.args,
      nodes: nodes as 1 | 3,
      workers,
      shards,
      backlogBytes,
      killWorkerAt: killWorkerAt as number | null,
      killNodeAt: killNodeAt as number | null,
    },
  };
}
