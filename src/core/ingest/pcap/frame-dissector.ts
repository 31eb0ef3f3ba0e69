/**
 * Turns captured frames into the users' fields, in capture order (conversation state depends on it).
 */
import type { CapturedFrame } from './captured-frame.ts';
import { FrameFields } from './frame-fields.ts';
import { frameTimeSecond, type ZoneFormatter } from './frame-time.ts';
import { COL } from './users-layout.ts';
import { dissectLink } from './link-layers.ts';
import { IpLayer } from './dissect-ip.ts';
import { DissectorState } from './dissector-state.ts';
import type { Addresses, DissectIssueKind, Dissection } from './dissection.ts';

export type IssueCounts = Record<DissectIssueKind | 'unknown-link', number>;

export interface FrameIssue {
  readonly frame: number;
  readonly kind: DissectIssueKind | 'unknown-link';
  readonly detail: string;
}

const MAX_LISTED = 20;

export class FrameDissector implements Dissection {
  readonly f = new FrameFields();
  frameNumber = 0;
  readonly addr: Addresses = { src: '', dst: '', srcN: -1, dstN: -1, inError: false };
  readonly counts: IssueCounts = { 'snaplen-cut': 0, 'http-unreassembled': 0, malformed: 0, 'unknown-link': 0 };
  readonly issues: FrameIssue[] = [];
  private readonly state = new DissectorState();
  private readonly net = new IpLayer(this.state);
  private frameIssued = false;

  constructor(private readonly zone: ZoneFormatter) {}

  issue(kind: DissectIssueKind | 'unknown-link', detail: string): void {
    // One count per frame and kind is what the summary says ("frames cut by the snaplen").
    if (kind === 'snaplen-cut') {
      if (this.frameIssued) return;
      this.frameIssued = true;
    }
    if (this.counts[kind]++ < MAX_LISTED) this.issues.push({ frame: this.frameNumber, kind, detail });
  }

  /** Dissects the next frame; the returned fields are reused by the next call. */
  dissect(fr: CapturedFrame): FrameFields {
    const f = this.f;
    f.reset();
    this.frameNumber++;
    this.frameIssued = false;
    this.addr.inError = false;
    this.addr.src = '';
    this.addr.dst = '';
    f.setUint(COL['frame.number'], this.frameNumber);
    f.setUint(COL['frame.len'], fr.origLen);
    const z = this.zone;
    frameTimeSecond(z, fr.sec);
    if (z.representable) f.setTimeText(COL['frame.time'], z.headBytes, fr.nsec, z.tailBytes);
    else f.setText(COL['frame.time'], z.lastHead);
    f.setEpoch(COL['frame.time_epoch'], z.secBytes, fr.nsec);
    if (fr.data.length < fr.origLen) this.issue('snaplen-cut', `${fr.data.length} of ${fr.origLen} bytes captured`);
    if (!dissectLink(this, this.net, fr.linkType, fr.data, fr.origLen)) {
      this.issue('unknown-link', `link type ${fr.linkType} is not dissected`);
      f.layer('data');
    }
    f.setProtocols(COL['frame.protocols']);
    return f;
  }
}
