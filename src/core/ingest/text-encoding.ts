/**
 * The character encoding of a CSV, told from its first bytes, and the stage that turns UTF-16 into the UTF-8
 * the rest of the loader reads. Windows PowerShell's `tshark ... > out.csv` writes UTF-16LE with a BOM (PowerShell
 * 5; `Out-File -Encoding bigendianunicode` gives UTF-16BE), so a file that works on Linux arrives with a NUL
 * after every ASCII byte. Every path (the reader worker, CsvLoad, the sensor's CsvBatcher) puts `TextInput`
 * before its LineChunker, so they all read the same files the same way.
 *
 * Converting in pieces must not care where a piece ends: a code unit, or the two halves of a surrogate pair,
 * may be split across pieces, and the transcoder carries the part it cannot finish yet.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface FoundEncoding {
  readonly encoding: TextEncodingName;
  /** The file starts with a byte-order mark (UTF-8's EF BB BF, UTF-16's FF FE or FE FF). */
  readonly bom: boolean;
}

/** Bytes looked at to tell UTF-16 without a BOM (ASCII text with a NUL beside every byte). */
const GUESS_BYTES = 512;

/**
 * The encoding of text starting with `head`. Without a BOM, UTF-16 is told by its pattern: nearly every
 * pair of bytes is an ASCII character and a NUL (a few stray NULs in UTF-8 text never make that pattern).
 */
export function sniffEncoding(head: Uint8Array): FoundEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  const pairs = Math.min(head.length, GUESS_BYTES) >>> 1;
  if (pairs < 4) return { encoding: 'utf-8', bom: false };
  let le = 0;
  let be = 0;
  for (let p = 0; p < pairs; p++) {
    const a = head[2 * p];
    const b = head[2 * p + 1];
    if (b === 0 && isAsciiText(a)) le++;
    else if (a === 0 && isAsciiText(b)) be++;
  }
  if (le >= pairs * 0.9) return { encoding: 'utf-16le', bom: false };
  if (be >= pairs * 0.9) return { encoding: 'utf-16be', bom: false };
  return { encoding: 'utf-8', bom: false };
}

function isAsciiText(c: number): boolean {
  return (c >= 0x20 && c < 0x7f) || c === 0x09 || c === 0x0a || c === 0x0d;
}

const REPLACEMENT = 0xfffd;

/** UTF-16 (either byte order) to UTF-8, piece by piece; a lone surrogate becomes U+FFFD, as TextDecoder does. */
export class Utf16ToUtf8 {
  /** A byte of a code unit whose other byte is in the next piece, or -1. */
  private oddByte = -1;
  /** A high surrogate waiting for its low half, or -1. */
  private high = -1;

  constructor(private readonly bigEndian: boolean) {}

  push(piece: Uint8Array): Uint8Array {
    // At most 3 bytes of UTF-8 per code unit (a pair's 4 bytes are 2 per unit), plus a held surrogate's 3.
    const out = new Uint8Array(Math.ceil((piece.length + 1) / 2) * 3 + 3);
    let o = 0;
    let i = 0;
    if (this.oddByte >= 0 && piece.length > 0) {
      const unit = this.bigEndian ? (this.oddByte << 8) | piece[0] : this.oddByte | (piece[0] << 8);
      this.oddByte = -1;
      o = this.unit(unit, out, o);
      i = 1;
    }
    const end = piece.length - ((piece.length - i) & 1);
    const be = this.bigEndian;
    for (; i < end; i += 2) {
      const unit = be ? (piece[i] << 8) | piece[i + 1] : piece[i] | (piece[i + 1] << 8);
      if (unit < 0x80 && this.high < 0) out[o++] = unit;
      else o = this.unit(unit, out, o);
    }
    if (i < piece.length) this.oddByte = piece[i];
    // ASCII text fills a third of the room: copy it out, so a chunk sent to a worker holds no slack.
    return o * 2 < out.length ? out.slice(0, o) : out.subarray(0, o);
  }

  /** The end of the text: a code unit or surrogate pair left unfinished becomes one U+FFFD (as TextDecoder). */
  end(): Uint8Array {
    const cut = this.high >= 0 || this.oddByte >= 0;
    this.high = -1;
    this.oddByte = -1;
    return cut ? Uint8Array.of(0xef, 0xbf, 0xbd) : EMPTY; // U+FFFD
  }

  private unit(unit: number, out: Uint8Array, o: number): number {
    if (this.high >= 0) {
      const high = this.high;
      this.high = -1;
      if (unit >= 0xdc00 && unit <= 0xdfff) return put(0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00), out, o);
      o = put(REPLACEMENT, out, o);
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      this.high = unit;
      return o;
    }
    return put(unit >= 0xdc00 && unit <= 0xdfff ? REPLACEMENT : unit, out, o);
  }
}

function put(cp: number, out: Uint8Array, o: number): number {
  if (cp < 0x80) {
    out[o++] = cp;
  } else if (cp < 0x800) {
    out[o++] = 0xc0 | (cp >> 6);
    out[o++] = 0x80 | (cp & 0x3f);
  } else if (cp < 0x10000) {
    out[o++] = 0xe0 | (cp >> 12);
    out[o++] = 0x80 | ((cp >> 6) & 0x3f);
    out[o++] = 0x80 | (cp & 0x3f);
  } else {
    out[o++] = 0xf0 | (cp >> 18);
    out[o++] = 0x80 | ((cp >> 12) & 0x3f);
    out[o++] = 0x80 | ((cp >> 6) & 0x3f);
    out[o++] = 0x80 | (cp & 0x3f);
  }
  return o;
}

/** Bytes gathered before the encoding is decided (unless the text is shorter). */
export const ENCODING_HEAD_BYTES = 64;

/**
 * The stage before the LineChunker: gathers the first bytes, decides the encoding, then gives UTF-8 (UTF-8
 * input passes through uncopied; a UTF-16 BOM is dropped, a UTF-8 one is left for the header reader).
 */
export class TextInput {
  private gathered: Uint8Array | null = new Uint8Array(0);
  private transcoder: Utf16ToUtf8 | null = null;
  private decided: FoundEncoding | null = null;
  /** The first bytes as they came, once the encoding is decided (to sniff what the file is). */
  head: Uint8Array | null = null;

  /** The encoding found, null until enough bytes have come. */
  get found(): FoundEncoding | null {
    return this.decided;
  }

  /** UTF-8 text for this piece (empty while the first bytes are still being gathered). */
  push(piece: Uint8Array): Uint8Array {
    if (this.gathered) {
      this.gathered = joinBytes(this.gathered, piece);
      if (this.gathered.length < ENCODING_HEAD_BYTES) return EMPTY;
      return this.decide();
    }
    return this.transcoder ? this.transcoder.push(piece) : piece;
  }

  /** The text's end: what is still gathered (a short file) or left half-converted. */
  end(): Uint8Array {
    if (this.gathered) return this.gathered.length > 0 ? this.decide() : EMPTY;
    return this.transcoder ? this.transcoder.end() : EMPTY;
  }

  private decide(): Uint8Array {
    const head = this.gathered as Uint8Array;
    this.gathered = null;
    this.head = head;
    const found = sniffEncoding(head);
    this.decided = found;
    if (found.encoding === 'utf-8') return head;
    this.transcoder = new Utf16ToUtf8(found.encoding === 'utf-16be');
    return this.transcoder.push(found.bom ? head.subarray(2) : head);
  }
}

const EMPTY = new Uint8Array(0);

/** `a` then `b`; `b` itself when `a` is empty. */
export function joinBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
