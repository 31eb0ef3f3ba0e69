/**
 * Turns captured frames into rows of the users' fields, in capture order (conversation state depends on
 * it). The rows are written into `f`, columns of the users' layout, until `take` hands them on.
 */
import type { CapturedFrame } from './captured-frame.ts';
import { FrameFields, type FrameFieldsOptions, type RawTimes } from './frame-fields.ts';
import { frameTimeSecond, type ZoneFormatter } from './frame-time.ts';
import { COL } from './users-layout.ts';
import { dissectLink } from './link-layers.ts';
import { IpLayer } from './dissect-ip.ts';
import { DissectorState } from './dissector-state.ts';
import type { Addresses, DissectIssueKind, Dissection } from './dissection.ts';
import type { PartialTable } from '../partial-table.ts';

export type IssueCounts = Record<DissectIssueKind | 'unknown-link', number>;

export interface FrameIssue {
  readonly frame: number;
  readonly kind: DissectIssueKind | 'unknown-link';
  readonly detail: string;
}

export const MAX_LISTED_FRAME_ISSUES = 20;

export interface FrameDissectorOptions extends FrameFieldsOptions {
  /** Frames whose time the epoch field cannot carry still give a row (the CSV writer's case). */
  readonly keepTimeless?: boolean;
  /**
   * TCP conversations kept at most (default: all, as tshark keeps them). A sensor that runs for days sets a
   * bound, and keeps no stream starts (only shards need them).
   */
  readonly maxTcpConversations?: number;
}

export class FrameDissector implements Dissection {
  f: FrameFields;
  frameNumber = 0;
  readonly addr: Addresses = { src: '', dst: '', srcN: -1, dstN: -1, inError: false };
  readonly counts: IssueCounts = { 'snaplen-cut': 0, 'http-unreassembled': 0, malformed: 0, 'unknown-link': 0 };
  readonly issues: FrameIssue[] = [];
  private readonly state: DissectorState;
  private readonly net: IpLayer;
  private frameIssued = false;

  constructor(
    private readonly zone: ZoneFormatter,
    private readonly opts: FrameDissectorOptions = {},
  ) {
    this.f = new FrameFields(opts);
    const bounded = opts.maxTcpConversations !== undefined;
    this.state = new DissectorState(opts.maxTcpConversations ?? Infinity, !bounded);
    this.net = new IpLayer(this.state);
  }

  issue(kind: DissectIssueKind | 'unknown-link', detail: string): void {
    // One count per frame and kind is what the summary says ("frames cut by the snaplen").
    if (kind === 'snaplen-cut') {
      if (this.frameIssued) return;
      this.frameIssued = true;
    }
    if (this.counts[kind]++ < MAX_LISTED_FRAME_ISSUES) this.issues.push({ frame: this.frameNumber, kind, detail });
  }

  /** Rows written so far and not yet taken. */
  get rows(): number {
    return this.f.rows;
  }

  /** Each TCP stream's first frame number, by stream index (to number streams across shards). */
  streamFirstFrames(): Uint32Array {
    return this.state.tcp.firstFrames.slice(0, this.state.tcp.streamCount);
  }

  /**
   * Dissects the next frame into the next row; `frameNumber` is its number in the capture (the next one
   * by default: a capture dissected whole, not a shard of it).
   */
  dissect(fr: CapturedFrame, frameNumber = this.frameNumber + 1): void {
    const f = this.f;
    f.reset(frameNumber);
    this.frameNumber = frameNumber;
    this.state.tcp.frame = frameNumber;
    this.frameIssued = false;
    this.addr.inError = false;
    this.addr.src = '';
    this.addr.dst = '';
    f.setUint(COL['frame.number'], frameNumber);
    f.setUint(COL['frame.len'], fr.origLen);
    const z = this.zone;
    frameTimeSecond(z, fr.sec);
    f.setTime(fr.sec, fr.nsec, z.representable ? z.lastZone : null);
    if (fr.data.length < fr.origLen) this.issue('snaplen-cut', `${fr.data.length} of ${fr.origLen} bytes captured`);
    if (!dissectLink(this, this.net, fr.linkType, fr.data, fr.origLen)) {
      this.issue('unknown-link', `link type ${fr.linkType} is not dissected`);
      f.layer('data');
    }
    f.setProtocols(COL['frame.protocols']);
    f.endRow(this.opts.keepTimeless);
  }

  /** Hands over the rows so far (a batch); the next rows start new columns. */
  take(rows?: number): { partial: PartialTable; rawTimes: RawTimes | null } {
    const out = this.f.finish();
    this.f = new FrameFields({ ...this.opts, rows: rows ?? this.opts.rows });
    return out;
  }
}
