/**
 * The state one frame's dissection passes between layers: the frame's bytes, its fields, what the
 * conversation trackers remember across frames, and what could not be dissected.
 */
import type { FrameFields } from './frame-fields.ts';

/** What a layer below hands to the one above (ip -> tcp, tcp -> http, ...). */
export interface Segment {
  readonly b: Uint8Array;
  /** Start and end of this layer's bytes within `b` (end = what was captured, at most the reported end). */
  readonly start: number;
  readonly end: number;
  /** How many bytes this layer has on the wire (more than end - start when the snaplen cut the frame). */
  readonly reported: number;
}

export interface Addresses {
  /** Source and destination addresses as text (v4 dotted, v6 RFC 5952), for conversations. */
  src: string;
  dst: string;
  /** The same as 32-bit numbers for IPv4 (-1 for IPv6): the TCP tracker's keys. */
  srcN: number;
  dstN: number;
  /** Inside an ICMP error's quoted datagram: no TCP analysis, no reassembly (as tshark). */
  inError: boolean;
}

export type DissectIssueKind = 'snaplen-cut' | 'http-unreassembled' | 'malformed';

export interface IssueSink {
  issue(kind: DissectIssueKind, detail: string): void;
}

export interface Dissection extends IssueSink {
  readonly f: FrameFields;
  readonly frameNumber: number;
  readonly addr: Addresses;
}
