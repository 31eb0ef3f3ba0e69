/**
 * What the file readers hand to dissection: one captured frame, and what they noticed about the file.
 */

/** Link-layer types (LINKTYPE_* of the tcpdump.org registry) that the dissector understands. */
export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;

export interface CapturedFrame {
  readonly linkType: number;
  /** Whole seconds since the Unix epoch, and the nanoseconds within that second. */
  readonly sec: number;
  readonly nsec: number;
  /** Length on the wire; `data.length` is what was captured (less when the snaplen cut it). */
  readonly origLen: number;
  /** The captured bytes: a view that is only valid during the callback (the reader reuses its buffer). */
  readonly data: Uint8Array;
  /** Byte offset of the frame's record or block in the (decompressed) file, for messages. */
  readonly offset: number;
}

/** What a reader refills for each frame (a reader hands the same object every time). */
export type MutableFrame = { -readonly [K in keyof CapturedFrame]: CapturedFrame[K] };

export type CaptureNoteKind = 'truncated' | 'corrupt' | 'unknown-block' | 'no-timestamp' | 'unknown-interface';

/** Something about the file itself (not a frame's contents): where it was cut, a block that was skipped. */
export interface CaptureNote {
  readonly kind: CaptureNoteKind;
  readonly offset: number;
  readonly detail: string;
}

/** Called for each frame; the frame object and its bytes are only valid during the call. */
export type FrameSink = (frame: CapturedFrame) => void;

/** A streaming reader: bytes in any pieces, frames out as soon as they are complete. */
export interface CaptureReader {
  push(bytes: Uint8Array): void;
  /** No more bytes: reports a cut record or block as `truncated`. */
  end(): void;
  readonly notes: readonly CaptureNote[];
  /** Counts of notes by kind (the list keeps only the first few of each). */
  readonly noteCounts: Readonly<Record<CaptureNoteKind, number>>;
  readonly frames: number;
}

export class CaptureFormatError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'CaptureFormatError';
  }
}
