/**
 * The last message of a capture point's run on each shard's subject: it tells the shard's worker that the
 * run is complete and how many batches and packets to expect (a worker that counts fewer knows some are
 * still on their way, not that the stream ended). It is a few bytes of JSON, told apart from a packet batch
 * by its first byte ('{', never the batch magic 'NIDB').
 */
export interface EndMarker {
  readonly end: string;
  readonly shard: number;
  /** Packet batch messages this run published to the shard (a split batch counts each part). */
  readonly messages: number;
  readonly packets: number;
}

const OPEN_BRACE = 0x7b;

export const endMarkerID = (runId: string, shard: number): string => `${runId}.end.${shard}`;

export function encodeEndMarker(m: EndMarker): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(m));
}

/** The marker in `bytes`, or null where they are a packet batch. */
export function readEndMarker(bytes: Uint8Array): EndMarker | null {
  if (bytes[0] !== OPEN_BRACE) return null;
  const m: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (
    typeof m === 'object' &&
    m !== null &&
    'end' in m &&
    typeof m.end === 'string' &&
    'shard' in m &&
    typeof m.shard === 'number' &&
    'messages' in m &&
    typeof m.messages === 'number' &&
    'packets' in m &&
    typeof m.packets === 'number'
  )
    return { end: m.end, shard: m.shard, messages: m.messages, packets: m.packets };
  throw new Error('a message on a packet subject is neither a packet batch nor an end marker');
}
