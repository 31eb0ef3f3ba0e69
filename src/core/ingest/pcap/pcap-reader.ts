/**
 * Classic libpcap files: either byte order, microsecond or nanosecond timestamps (told by the magic).
 * Streaming: push bytes in any pieces; a record cut by the end of the file is reported, not guessed at.
 */
import { ByteQueue } from './byte-queue.ts';
import { CaptureFormatError, type CaptureNoteKind, type CaptureReader, type FrameSink } from './captured-frame.ts';
import { NoteList } from './notes.ts';

const HEADER = 24;
const RECORD = 16;
/** Larger than any snaplen a capture tool writes (wiretap's own limit is 256 KiB; D-Bus captures 128 MiB). */
const MAX_RECORD = 128 * 1024 * 1024;

export class PcapReader implements CaptureReader {
  private readonly q = new ByteQueue();
  private readonly list = new NoteList();
  private le = true;
  private nanos = false;
  private linkType = -1;
  private stopped = false;
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
    if (this.linkType < 0) {
      if (q.available < HEADER) return;
      this.readHeader();
    }
    const b = q.buf;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const le = this.le;
    let p = q.pos;
    while (b.length - p >= RECORD) {
      const capLen = dv.getUint32(p + 8, le);
      if (capLen > MAX_RECORD) {
        // A record length no tool writes: the file is corrupt here and pcap has no way to resynchronise.
        this.list.add('corrupt', q.base + p, `a record claims ${capLen} captured bytes; reading stopped here`);
        this.stopped = true;
        break;
      }
      if (b.length - p - RECORD < capLen) break;
      const sec = dv.getUint32(p, le);
      const frac = dv.getUint32(p + 4, le);
      const origLen = dv.getUint32(p + 12, le);
      this.frames++;
      this.sink({
        linkType: this.linkType,
        sec,
        nsec: this.nanos ? frac : frac * 1000,
        origLen,
        data: b.subarray(p + RECORD, p + RECORD + capLen),
        offset: q.base + p,
      });
      p += RECORD + capLen;
    }
    q.pos = p;
  }

  end(): void {
    if (this.stopped) return;
    const q = this.q;
    if (this.linkType < 0) {
      throw new CaptureFormatError(`The pcap file header is cut short (${q.available} of ${HEADER} bytes).`, 0);
    }
    if (q.available > 0) {
      this.list.add(
        'truncated',
        q.offset,
        `the file ends inside a record (${q.available} bytes of it); the frames before it are loaded`,
      );
    }
  }

  private readHeader(): void {
    const q = this.q;
    const b = q.buf.subarray(q.pos, q.pos + HEADER);
    const m = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
    if (m === 0xd4c3b2a1) {
      this.le = true;
      this.nanos = false;
    } else if (m === 0xa1b2c3d4) {
      this.le = false;
      this.nanos = false;
    } else if (m === 0x4d3cb2a1) {
      this.le = true;
      this.nanos = true;
    } else if (m === 0xa1b23c4d) {
      this.le = false;
      this.nanos = true;
    } else throw new CaptureFormatError('Not a pcap file (unknown magic number).', 0);
    const dv = new DataView(b.buffer, b.byteOffset, HEADER);
    // The upper bits of the link-type word carry FCS information (pcap-linktype(7)); the type is the low 28.
    this.linkType = dv.getUint32(20, this.le) & 0x0fffffff;
    q.pos += HEADER;
  }
}
