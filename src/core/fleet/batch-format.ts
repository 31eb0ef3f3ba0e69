/** What the writer and the reader of a packet batch share (the layout is in packet-batch.ts). */

export const PACKET_BATCH_VERSION = 1;
export const MAGIC = [0x4e, 0x49, 0x44, 0x42]; // 'NIDB'
export const KINDS = ['int', 'float', 'string', 'time'] as const;
export const NONE = 0;
export const ALL = 1;
export const SOME = 2;

export class PacketBatchError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`packet batch: ${message} (at byte ${offset})`);
    this.name = 'PacketBatchError';
  }
}

/** Typed arrays are written as their bytes: on a big-endian host each value's bytes are turned around. */
const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export type Numbers = Uint8Array | Uint16Array | Uint32Array | Float64Array;
export interface NumbersType<T extends Numbers> {
  new (n: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

export function flip(bytes: Uint8Array, size: number): void {
  if (HOST_LE || size === 1) return;
  for (let at = 0; at < bytes.length; at += size) bytes.subarray(at, at + size).reverse();
}

export function arrayType(a: Numbers): NumbersType<Numbers> {
  if (a instanceof Float64Array) return Float64Array;
  if (a instanceof Uint32Array) return Uint32Array;
  if (a instanceof Uint16Array) return Uint16Array;
  return Uint8Array;
}
