/**
 * Which shard each packet goes to, per view, for a fleet of S shards: a hash of the packet's group under the
 * view's key (the tuple of numbers group-tuple.ts builds: host keys, ports, protocol), mod S. A group is its
 * tuple, so all of a group's packets land on one shard, and the hash reads only the numbers' IEEE-754 bits in
 * a fixed byte order: the same shard on every machine and every run (no Math.random, no object identity).
 * Host keys are already stable: IPv4 as its number, other addresses as a hash of their text (packetColumns).
 *
 * Where the per-packet features can be computed (featurizer.ts, StreamFeaturizer):
 * - flow memory (5-tuple, both directions): log_dt_flow, the tcp.seq/ack deltas, "first in flow";
 * - pair memory (host pair): "from the pair's first source";
 * - group memory (the view's own key): log_dt_group, the one feature a view writes itself (GroupMemory);
 * - the pair counter (packets so far per host pair): the gate of the spread views (src, dst: view-combine.ts).
 * A flow's two hosts are its pair's two hosts, so a flow lies inside one pair: a shard that holds whole pairs
 * holds whole flows, and every memory but the view's own group memory is complete there. A src or dst shard
 * is not enough: it sees host A's sent packets but not their replies, which go to the other host's shard.
 * The fleet therefore reads the flow and pair memories (and the pair counter, which also counts an ARP frame
 * without IP addresses under the IP pair its MACs were last seen with, a fact of other pairs' packets) at
 * the capture point, which sees every packet (shard-cut.ts), and each view's shard gets only what its rows
 * read there. FEATURES_KEY is the key whose shards would hold them all, what the flow view follows.
 */
import type { GroupKey } from '../features/group-key.ts';
import type { PacketColumns } from '../features/packet-columns.ts';
import { GROUP_WIDTH, groupTuple } from '../sensor/group-tuple.ts';

/** The key whose shards see every flow and pair memory the per-packet features read. */
export const FEATURES_KEY: GroupKey = 'pair';

/**
 * The key a view's packets are routed by: its own, except the flow view, which follows its pair (flows lie
 * inside pairs, so its groups stay whole, and its features are complete where they are windowed).
 */
export function routeKeyOf(view: GroupKey): GroupKey {
  return view === 'flow' ? 'pair' : view;
}

const scratch = new DataView(new ArrayBuffer(8));
const tuple = new Float64Array(5);

/** murmur3's 32-bit mixing of one word into the running hash. */
function mix(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** A 32-bit hash of numbers: their bits, little-endian, NaN as one pattern (a missing host or port). */
export function hashNumbers(values: Float64Array, count: number): number {
  let h = 0x9747b28c;
  for (let i = 0; i < count; i++) {
    const v = values[i];
    // Every NaN the same (a payload could differ by where it came from); -0 as 0.
    scratch.setFloat64(0, Number.isNaN(v) ? Number.NaN : v === 0 ? 0 : v, true);
    h = mix(h, scratch.getUint32(0, true));
    h = mix(h, scratch.getUint32(4, true));
  }
  h ^= count * 8;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Row r's group hash under `key` (the 'none' key has one group: every row hashes alike). */
export function groupHash(c: PacketColumns, r: number, key: GroupKey): number {
  groupTuple(c, r, key, tuple);
  return hashNumbers(tuple, GROUP_WIDTH[key]);
}

/** Each row's shard in [0, shards) when routed by `key`. */
export function shardsOf(c: PacketColumns, key: GroupKey, shards: number, out = new Uint32Array(c.rows)): Uint32Array {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a whole number ≥ 1 (got ${shards})`);
  for (let r = 0; r < c.rows; r++) out[r] = groupHash(c, r, key) % shards;
  return out;
}
