/**
 * pcapng files (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): sections of either byte
 * order, interfaces with their own link type and `if_tsresol`, enhanced, simple and (obsolete) packet
 * blocks. Name resolution, statistics, secrets and custom blocks are skipped; blocks of a type this reader
 * does not know are skipped and counted. A block whose length runs past the end of the file is reported
 * as where the file was cut; a block with an impossible length stops reading (pcapng cannot resynchronise).
 */
import { ByteQueue } from './byte-queue.ts';
import {
  CaptureFormatError,
  type CaptureNoteKind,
  type CaptureReader,
  type FrameSink,
  type MutableFrame,
} from './captured-frame.ts';
import { NoteList } from './notes.ts';
import { MICROSECONDS, resolutionFromOption, splitTimestamp, type Resolution } from './pcapng-time.ts';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
/** Blocks that carry no frames and that this reader knows to skip silently. */
const KNOWN_SKIPPED = new Set([4, 5, 7, 8, 9, 10, 0x00000bad, 0x40000bad, 0x80000001]);
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const MAX_BLOCK = 128 * 1024 * 1024;
const OPT_TSRESOL = 9;
const OPT_TSOFFSET = 14;

interface Interface {
  readonly linkType: number;
  readonly snapLen: number;
  readonly res: Resolution;
  readonly offsetSec: number;
}

export class PcapngReader implements CaptureReader {
  private readonly q = new ByteQueue();
  private readonly list = new NoteList();
  private le = true;
  private inSection = false;
  private interfaces: Interface[] = [];
  private stopped = false;
  /** One frame object, refilled for every frame (the sink must not keep it). */
  private readonly frame: MutableFrame = {
    linkType: 0,
    sec: 0,
    nsec: 0,
    origLen: 0,
    data: new Uint8Array(0),
    offset: 0,
  };
  frames = 0;

  constructor(private readonly sink: FrameSink) {}

  get notes() {
    return this.list.notes;
  }
  get noteCounts(): Readonly<Record<CaptureNoteKind, number>> {
    return this.list.counts;
  }

  push(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.q.push(bytes);
    const q = this.q;
    const b = q.buf;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let p = q.pos;
    while (b.length - p >= 12) {
      let type = dv.getUint32(p, this.le);
      if (dv.getUint32(p, true) === SHB) {
        // The section header's byte order is told by its magic, whatever the previous section's was.
        const m = dv.getUint32(p + 8, true);
        if (m === BYTE_ORDER_MAGIC) this.le = true;
        else if (m === 0x4d3c2b1a) this.le = false;
        else {
          this.stop(q.base + p, 'a section header block has no byte-order magic');
          break;
        }
        type = SHB;
      } else if (!this.inSection) {
        throw new CaptureFormatError('Not a pcapng file: it does not start with a section header block.', q.base + p);
      }
      const len = dv.getUint32(p + 4, this.le);
      if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) {
        this.stop(q.base + p, `a block (type 0x${type.toString(16)}) has an impossible length ${len}`);
        break;
      }
      if (b.length - p < len) break;
      const trailer = dv.getUint32(p + len - 4, this.le);
      if (trailer !== len) {
        this.list.add(
          'corrupt',
          q.base + p,
          `a block's trailing length ${trailer} differs from its length ${len}; skipped`,
        );
      } else {
        this.block(type, dv, b, p, len, q.base + p);
      }
      p += len;
    }
    q.pos = p;
  }

  end(): void {
    if (this.stopped) return;
    const q = this.q;
    if (!this.inSection && q.available > 0) {
      throw new CaptureFormatError('The pcapng section header block is cut short.', 0);
    }
    if (q.available > 0) {
      const dv = new DataView(q.buf.buffer, q.buf.byteOffset + q.pos, q.available);
      const want = q.available >= 8 ? dv.getUint32(4, this.le) : 0;
      this.list.add(
        'truncated',
        q.offset,
        want > 0
          ? `the last block says it is ${want} bytes but the file ends after ${q.available}; the frames before it are loaded`
          : `the file ends inside a block header (${q.available} bytes); the frames before it are loaded`,
      );
    }
  }

  private stop(offset: number, why: string): void {
    this.list.add('corrupt', offset, `${why}; reading stopped here`);
    this.stopped = true;
  }

  private block(type: number, dv: DataView, b: Uint8Array, p: number, len: number, offset: number): void {
    const le = this.le;
    switch (type) {
      case SHB:
        this.inSection = true;
        this.interfaces = [];
        return;
      case IDB: {
        const linkType = dv.getUint16(p + 8, le);
        const snapLen = dv.getUint32(p + 12, le);
        let res = MICROSECONDS;
        let offsetSec = 0;
        let o = p + 16;
        const endOpts = p + len - 4;
        while (o + 4 <= endOpts) {
          const code = dv.getUint16(o, le);
          const olen = dv.getUint16(o + 2, le);
          if (code === 0) break;
          if (o + 4 + olen > endOpts) break;
          if (code === OPT_TSRESOL && olen >= 1) res = resolutionFromOption(b[o + 4]);
          if (code === OPT_TSOFFSET && olen >= 8)
            offsetSec = dv.getUint32(o + 4 + (le ? 0 : 4), le) + dv.getInt32(o + 4 + (le ? 4 : 0), le) * 4294967296;
          o += 4 + ((olen + 3) & ~3);
        }
        this.interfaces.push({ linkType, snapLen, res, offsetSec });
        return;
      }
      case EPB:
      case PB: {
        const iid = type === EPB ? dv.getUint32(p + 8, le) : dv.getUint16(p + 8, le);
        const itf = this.interfaces[iid];
        const capLen = dv.getUint32(p + 20, le);
        const origLen = dv.getUint32(p + 24, le);
        if (!itf) {
          this.list.add(
            'unknown-interface',
            offset,
            `a packet block names interface ${iid}, which no interface block described; skipped`,
          );
          return;
        }
        if (28 + capLen + 4 > len) {
          this.list.add(
            'corrupt',
            offset,
            `a packet block says ${capLen} captured bytes but holds ${len - 32}; skipped`,
          );
          return;
        }
        const t = splitTimestamp(dv.getUint32(p + 12, le), dv.getUint32(p + 16, le), itf.res);
        this.frames++;
        const fr = this.frame;
        fr.linkType = itf.linkType;
        fr.sec = t[0] + itf.offsetSec;
        fr.nsec = t[1];
        fr.origLen = origLen;
        fr.data = b.subarray(p + 28, p + 28 + capLen);
        fr.offset = offset;
        this.sink(fr);
        return;
      }
      case SPB: {
        const itf = this.interfaces[0];
        if (!itf) {
          this.list.add('unknown-interface', offset, 'a simple packet block comes before any interface block; skipped');
          return;
        }
        const origLen = dv.getUint32(p + 8, le);
        let capLen = Math.min(origLen, len - 16);
        if (itf.snapLen > 0) capLen = Math.min(capLen, itf.snapLen);
        this.list.add('no-timestamp', offset, 'a simple packet block has no timestamp; its frame is given time 0');
        this.frames++;
        this.sink({
          linkType: itf.linkType,
          sec: 0,
          nsec: 0,
          origLen,
          data: b.subarray(p + 12, p + 12 + capLen),
          offset,
        });
        return;
      }
      default:
        if (!KNOWN_SKIPPED.has(type))
          this.list.add(
            'unknown-block',
            offset,
            `a block of unknown type 0x${type.toString(16).padStart(8, '0')} (${len} bytes) was skipped`,
          );
    }
  }
}
