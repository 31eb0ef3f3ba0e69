/**
 * The config file of one node of a local cluster, and the free loopback ports it listens on. Pure text,
 * so a test can read what a node was told.
 */
import { createServer, type Server } from 'node:net';

/** The ports one node listens on: clients, routes to its peers, and monitoring (HTTP). */
export interface NodePorts {
  readonly client: number;
  readonly route: number;
  readonly http: number;
}

export interface NodeConfig {
  readonly name: string;
  readonly ports: NodePorts;
  /** JetStream's store_dir for this node. */
  readonly storeDir: string;
  /** Every node's route port, this one's included (it skips itself). */
  readonly routes: readonly number[];
  /** The cluster's name; routes are only written when there is more than one node. */
  readonly cluster: string;
}

const HOST = '127.0.0.1';

/** JSON strings are valid in nats-server's config syntax and quote paths safely. */
const q = (s: string): string => JSON.stringify(s);

export function natsConfigText(c: NodeConfig): string {
  const lines = [
    `server_name: ${q(c.name)}`,
    `listen: ${q(`${HOST}:${c.ports.client}`)}`,
    `http: ${q(`${HOST}:${c.ports.http}`)}`,
    // A shard's batch of a busy megabyte of capture can pass the 1 MB default.
    'max_payload: 8MB',
    // Limits, not allocations: a test cluster should not claim most of the disk as the default does.
    `jetstream { store_dir: ${q(c.storeDir)}, max_memory_store: 256MB, max_file_store: 2GB }`,
  ];
  const peers = c.routes.filter((p) => p !== c.ports.route);
  if (c.routes.length > 1) {
    const urls = peers.map((p) => q(`nats-route://${HOST}:${p}`)).join(', ');
    lines.push(`cluster { name: ${q(c.cluster)}, listen: ${q(`${HOST}:${c.ports.route}`)}, routes: [${urls}] }`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `count` distinct free ports, found by binding port 0. All are held until all are found so none repeats;
 * another process may still take one before the server binds it, which the cluster's start retries.
 */
export async function freePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      held.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, HOST, resolve);
      });
    }
    return held.map((s) => {
      const addr = s.address();
      if (addr === null || typeof addr === 'string') throw new Error('port 0 gave no TCP address');
      return addr.port;
    });
  } finally {
    await Promise.all(held.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

export const natsHost = HOST;
