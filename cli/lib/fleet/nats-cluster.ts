/**
 * A local NATS JetStream cluster on loopback, for the fleet's one-machine command and its tests: N
 * nats-server processes, each with its own config file, store and log in one temp folder, on ports found
 * free at run time. The caller gets client URLs and can kill and restart single nodes (the fault tests);
 * `stop` ends every process it started, by PID, and removes the folder. Processes still running when
 * Node exits are killed too, so a failing test leaves no server behind.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, type NodePorts, natsConfigText, natsHost } from './nats-config.ts';
import { healthy, logTail, type NodeProcess, nodeEnded, spawnNode, stopNode } from './nats-node.ts';
import { findNatsServer, NATS_MISSING } from './nats-server-bin.ts';

export interface ClusterOptions {
  readonly nodes: 1 | 3;
  /** Parent of the cluster's temp folder (default: the OS temp dir). */
  readonly dir?: string;
  /** How long to wait for the cluster (or a restarted node) to be ready. */
  readonly readyMs?: number;
}

export interface Cluster {
  /** One client URL per node, `nats://127.0.0.1:PORT`, in node order. */
  readonly urls: readonly string[];
  /** Each node's server_name (`n0`, `n1`, ...), as stream info names its leader. */
  readonly names: readonly string[];
  /** The temp folder holding configs, stores and logs; gone after stop. */
  readonly dir: string;
  /** PIDs of the running nodes (a killed node has none), for checks that nothing is left. */
  pids(): number[];
  /** Ends node i: SIGKILL by default, a crash; SIGTERM lets it shut down cleanly. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts node i again with its config and store (killing it first if it runs); waits until it is ready. */
  restart(i: number): Promise<void>;
  stop(): Promise<void>;
}

const POLL_MS = 100;
const PORT_TRIES = 3;

interface NodeSlot {
  readonly name: string;
  readonly ports: NodePorts;
  readonly config: string;
  readonly log: string;
  proc: NodeProcess | undefined;
}

class NotReady extends Error {
  constructor(
    message: string,
    readonly portTaken: boolean,
  ) {
    super(message);
  }
}

function describeNode(s: NodeSlot, why: string): string {
  return `nats-server ${s.name} (${s.config}) ${why}; last lines of ${s.log}:\n${logTail(s.log)}`;
}

/** Polls each slot's /healthz until all answer 200, a node exits, or `ms` runs out. */
async function waitReady(slots: readonly NodeSlot[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  const maxPolls = Math.ceil(ms / POLL_MS) + 1;
  let pending = [...slots];
  for (let poll = 0; poll < maxPolls && pending.length > 0; poll++) {
    for (const s of pending) {
      if (s.proc && nodeEnded(s.proc)) {
        const text = describeNode(s, `exited (${await s.proc.exited})`);
        throw new NotReady(text, /address already in use/.test(logTail(s.log)));
      }
    }
    const ok = await Promise.all(pending.map((s) => healthy(s.ports.http)));
    pending = pending.filter((_, k) => !ok[k]);
    if (pending.length === 0 || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (pending.length > 0) {
    const text = pending.map((s) => describeNode(s, `not ready after ${ms} ms`)).join('\n\n');
    throw new NotReady(text, false);
  }
}

async function layOut(root: string, count: number): Promise<NodeSlot[]> {
  const ports = await freePorts(count * 3);
  const nodes = Array.from({ length: count }, (_, i) => ({
    client: ports[3 * i],
    route: ports[3 * i + 1],
    http: ports[3 * i + 2],
  }));
  const routes = nodes.map((p) => p.route);
  return nodes.map((p, i) => {
    const name = `n${i}`;
    const storeDir = join(root, name, 'jetstream');
    mkdirSync(storeDir, { recursive: true });
    const config = join(root, name, 'nats.conf');
    writeFileSync(config, natsConfigText({ name, ports: p, storeDir, routes, cluster: 'nids-fleet' }));
    return { name, ports: p, config, log: join(root, name, 'nats.log'), proc: undefined };
  });
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const bin = findNatsServer();
  if (!bin) throw new Error(NATS_MISSING);
  const readyMs = opts.readyMs ?? 30_000;
  const root = mkdtempSync(join(opts.dir ?? tmpdir(), 'nats-cluster-'));
  let slots: NodeSlot[] = [];
  const running = (): NodeProcess[] => slots.flatMap((s) => (s.proc && !nodeEnded(s.proc) ? [s.proc] : []));
  // A last resort when Node exits without stop(): 'exit' handlers run synchronously, so SIGKILL only.
  const onExit = (): void => {
    for (const p of running()) p.child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  const stopAll = async (): Promise<void> => {
    await Promise.all(running().map((p) => stopNode(p, 'SIGTERM')));
    process.removeListener('exit', onExit);
    rmSync(root, { recursive: true, force: true });
  };

  try {
    // A port found free may be taken before the server binds it; then lay out again on fresh ports.
    for (let attempt = 1; ; attempt++) {
      rmSync(root, { recursive: true, force: true });
      mkdirSync(root, { recursive: true });
      slots = await layOut(root, opts.nodes);
      for (const s of slots) s.proc = spawnNode(bin, s.config, s.log);
      try {
        await waitReady(slots, readyMs);
        break;
      } catch (err) {
        await Promise.all(running().map((p) => stopNode(p, 'SIGKILL')));
        if (!(err instanceof NotReady && err.portTaken && attempt < PORT_TRIES)) throw err;
      }
    }
  } catch (err) {
    await stopAll();
    throw err;
  }

  const slot = (i: number): NodeSlot => {
    const s = slots[i];
    if (!s) throw new RangeError(`no node ${i} in a cluster of ${slots.length}`);
    return s;
  };
  return {
    urls: slots.map((s) => `nats://${natsHost}:${s.ports.client}`),
    names: slots.map((s) => s.name),
    dir: root,
    pids: () => running().flatMap((p) => (p.child.pid === undefined ? [] : [p.child.pid])),
    kill: async (i, signal = 'SIGKILL') => {
      const s = slot(i);
      if (s.proc) await stopNode(s.proc, signal);
    },
    restart: async (i) => {
      const s = slot(i);
      if (s.proc) await stopNode(s.proc, 'SIGTERM');
      s.proc = spawnNode(bin, s.config, s.log);
      await waitReady([s], readyMs);
    },
    stop: stopAll,
  };
}
