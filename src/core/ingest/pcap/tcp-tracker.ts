/**
 * TCP conversations as tshark 4.0 numbers and measures them (packet-tcp.c, default preferences):
 * - `tcp.stream` counts conversations (address/port pairs) in order of first appearance; a SYN whose
 *   sequence number differs from the base of a conversation that already has one starts a new stream
 *   (ports reused);
 * - relative numbers: each direction's base is its SYN's sequence number, or seq - 1 for a first segment
 *   without SYN; the reverse base is set from the first ACK (ack - 1) if not yet known;
 * - the window is scaled by the direction's shift once both SYNs are seen (a SYN without the option
 *   turns scaling off for both directions); unknown scaling leaves the raw value.
 */

interface Flow {
  baseSet: boolean;
  base: number;
  /** -1 unknown, -2 no scaling, else the shift. */
  winScale: number;
  /** Raw sequence number after the furthest payload seen (0 = none yet): data wholly before it is a retransmission. */
  maxNext: number;
}

export interface TcpConversation {
  readonly stream: number;
  /** Where it is found: its IPv4 ends (hi, lo) or its text key; and the last frame that touched it. */
  readonly hi: number;
  readonly lo: number;
  readonly key: string;
  lastFrame: number;
  readonly flows: [Flow, Flow];
  /** The server port the SYN or SYN/ACK named, 0 until seen. */
  serverPort: number;
  /** The dissector a heuristic gave the conversation (tshark's conversation dissector), from then on. */
  heuristic: string | null;
  /** Application reassembly state per direction (owned by the payload dissectors). */
  readonly app: [unknown, unknown];
}

export interface TcpView {
  conv: TcpConversation;
  fwd: number;
  seq: number;
  ack: number;
  window: number;
}

const SYN = 0x02;
const ACK = 0x10;

function newFlow(): Flow {
  return { baseSet: false, base: 0, winScale: -1, maxNext: 0 };
}

export class TcpTracker {
  private readonly convs = new Map<string, TcpConversation>();
  private readonly v4 = new Map<number, Map<number, TcpConversation>>();
  private streams = 0;
  /** The frame being dissected, and each stream's first frame (to number streams across shards). */
  frame = 0;
  firstFrames = new Uint32Array(1024);
  /** Conversations in the order they began, with the frame each was queued at (for the bound). */
  private readonly queue: TcpConversation[] = [];
  private readonly queuedAt: number[] = [];
  private queueHead = 0;
  private held = 0;

  /**
   * `maxConversations`: the conversations kept at most (the sensor, which runs for days: tshark and the
   * workbench keep every one). Past it, the one that began longest ago and has been idle since it was last
   * looked at is forgotten (a second chance, as a clock cache gives); a segment of it later opens a new one.
   * `streamStarts`: keep each stream's first frame (only shards need them).
   */
  constructor(
    private readonly maxConversations = Infinity,
    private readonly streamStarts = true,
  ) {}
  private readonly view: TcpView = { conv: null as unknown as TcpConversation, fwd: 0, seq: 0, ack: 0, window: 0 };

  /** Direction 0 is the pair's "first" end as Wireshark orders them: greater address, then greater port. */
  static direction(src: string, dst: string, sport: number, dport: number): number {
    const c = compareAddr(src, dst);
    if (c !== 0) return c > 0 ? 0 : 1;
    return sport > dport ? 0 : 1;
  }

  /**
   * Updates the conversation with one segment and returns its relative numbers (a shared object).
   * `a` and `c` are the addresses as numbers for IPv4 (-1 for IPv6, keyed by text then).
   * `wscale` is the window-scale option's shift, or -1 when the segment has none.
   */
  segment(
    src: string,
    dst: string,
    a: number,
    c: number,
    sport: number,
    dport: number,
    seq: number,
    ack: number,
    flags: number,
    window: number,
    wscale: number,
    analyse: boolean,
  ): TcpView {
    let dir: number;
    let conv: TcpConversation | undefined;
    let key = '';
    let hi = 0;
    let lo = 0;
    if (a >= 0 && c >= 0) {
      // IPv4: the two ends as numbers (address * 65536 + port), the conversation in a map of maps.
      dir = a !== c ? (a > c ? 0 : 1) : sport > dport ? 0 : 1;
      const x = a * 65536 + sport;
      const y = c * 65536 + dport;
      hi = dir === 0 ? x : y;
      lo = dir === 0 ? y : x;
      conv = this.v4.get(hi)?.get(lo);
      if (!conv) conv = this.openV4(hi, lo);
    } else {
      dir = TcpTracker.direction(src, dst, sport, dport);
      key = dir === 0 ? `${src}|${sport}|${dst}|${dport}` : `${dst}|${dport}|${src}|${sport}`;
      conv = this.convs.get(key);
      if (!conv) conv = this.open(key);
    }
    let fwd = conv.flows[dir];
    if ((flags & (SYN | ACK)) === SYN && fwd.baseSet && seq !== fwd.base) {
      conv = key === '' ? this.openV4(hi, lo) : this.open(key);
      fwd = conv.flows[dir];
    }
    conv.lastFrame = this.frame;
    const rev = conv.flows[1 - dir];
    const v = this.view;
    v.conv = conv;
    v.fwd = dir;
    if (!analyse) {
      v.seq = seq;
      v.ack = ack;
      v.window = window;
      return v;
    }
    if (!fwd.baseSet) {
      fwd.base = flags & SYN ? seq : (seq - 1) >>> 0;
      fwd.baseSet = true;
    }
    if (!rev.baseSet && flags & ACK) {
      rev.base = (ack - 1) >>> 0;
      rev.baseSet = true;
    }
    v.seq = (seq - fwd.base) >>> 0;
    v.ack = flags & ACK ? (ack - rev.base) >>> 0 : ack;
    v.window = !(flags & SYN) && fwd.winScale >= 0 ? window * 2 ** fwd.winScale : window;
    if (flags & SYN) {
      conv.serverPort = flags & ACK ? sport : dport;
      if (wscale >= 0) fwd.winScale = Math.min(wscale, 14);
      if (fwd.winScale === -1) {
        fwd.winScale = -2;
        rev.winScale = -2;
      } else if (flags & ACK && rev.winScale === -2) {
        fwd.winScale = -2;
      }
    }
    return v;
  }

  /**
   * Records a segment's payload; returns false when all of it was sent before (a retransmission), which
   * tshark shows as TCP only, without dissecting the payload again.
   */
  newData(v: TcpView, seq: number, len: number): boolean {
    const flow = v.conv.flows[v.fwd];
    const next = (seq + len) >>> 0;
    if (flow.maxNext !== 0 && ((next - flow.maxNext) | 0) <= 0) return false;
    flow.maxNext = next;
    return true;
  }

  private openV4(hi: number, lo: number): TcpConversation {
    const conv = this.newConversation(hi, lo, '');
    let m = this.v4.get(hi);
    if (!m) {
      m = new Map();
      this.v4.set(hi, m);
    }
    m.set(lo, conv);
    return conv;
  }

  /** How many streams have begun. */
  get streamCount(): number {
    return this.streams;
  }

  private newConversation(hi: number, lo: number, key: string): TcpConversation {
    if (this.streamStarts) {
      if (this.streams === this.firstFrames.length) {
        const more = new Uint32Array(this.firstFrames.length * 2);
        more.set(this.firstFrames);
        this.firstFrames = more;
      }
      this.firstFrames[this.streams] = this.frame;
    }
    const conv: TcpConversation = {
      stream: this.streams++,
      hi,
      lo,
      key,
      lastFrame: this.frame,
      flows: [newFlow(), newFlow()],
      serverPort: 0,
      heuristic: null,
      app: [null, null],
    };
    if (this.maxConversations !== Infinity) this.bound(conv);
    return conv;
  }

  /** Queues a new conversation; past the bound, forgets the oldest one idle since it was last queued. */
  private bound(conv: TcpConversation): void {
    this.queue.push(conv);
    this.queuedAt.push(this.frame);
    this.held++;
    while (this.held > this.maxConversations) {
      const old = this.queue[this.queueHead];
      const at = this.queuedAt[this.queueHead];
      this.queueHead++;
      if (old.lastFrame > at) {
        // Touched since it was queued: a second chance, at the back.
        this.queue.push(old);
        this.queuedAt.push(this.frame);
        continue;
      }
      this.forget(old);
      this.held--;
    }
    if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queuedAt.splice(0, this.queueHead);
      this.queueHead = 0;
    }
  }

  /** Drops a conversation from the maps (unless a newer one of the same ends took its place). */
  private forget(conv: TcpConversation): void {
    if (conv.key !== '') {
      if (this.convs.get(conv.key) === conv) this.convs.delete(conv.key);
      return;
    }
    const m = this.v4.get(conv.hi);
    if (m?.get(conv.lo) !== conv) return;
    m.delete(conv.lo);
    if (m.size === 0) this.v4.delete(conv.hi);
  }

  private open(key: string): TcpConversation {
    const conv = this.newConversation(0, 0, key);
    this.convs.set(key, conv);
    return conv;
  }
}

/** Orders addresses as Wireshark's cmp_address does for same-type addresses: by their bytes. */
function compareAddr(a: string, b: string): number {
  if (a === b) return 0;
  const x = addrKey(a);
  const y = addrKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const keyCache = new Map<string, string>();

function addrKey(a: string): string {
  let k = keyCache.get(a);
  if (k !== undefined) return k;
  if (a.includes('.') && !a.includes(':')) {
    k = a
      .split('.')
      .map((p) => Number(p).toString(16).padStart(2, '0'))
      .join('');
  } else {
    const [head, tail = ''] = a.split('::');
    const hs = head ? head.split(':') : [];
    const ts = tail ? tail.split(':') : [];
    const groups = a.includes('::') ? [...hs, ...new Array<string>(8 - hs.length - ts.length).fill('0'), ...ts] : hs;
    k = groups.map((g) => g.padStart(4, '0')).join('');
  }
  if (keyCache.size > 100_000) keyCache.clear();
  keyCache.set(a, k);
  return k;
}
