/**
 * Cuts a byte stream into chunks that end at line breaks, so each chunk can be parsed by any worker.
 *
 * The bytes after a chunk's last line break (the start of the next line) are carried into the next chunk
 * as its `head`; the big `body` is passed on as it came, never copied. A line that grows past `maxLine`
 * bytes is refused, so one 200 MB line cannot exhaust memory.
 */

export interface LineChunk {
  /** The start of the first line, carried from the previous piece (small), or null. */
  readonly head: Uint8Array | null;
  /** Lines are body[bodyStart..bodyEnd), preceded by head. */
  readonly body: Uint8Array;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** The file's last chunk: its last line may lack a line break. */
  readonly final: boolean;
}

export class LineTooLongError extends Error {
  constructor(
    readonly lineStartByte: number,
    readonly maxLine: number,
  ) {
    super(
      `A line starting at byte ${lineStartByte.toLocaleString('en-US')} is longer than ${Math.round(maxLine / 1048576)} MiB with no line break`,
    );
    this.name = 'LineTooLongError';
  }
}

const NEWLINE = 0x0a;

export class LineChunker {
  private carry: Uint8Array = new Uint8Array(0);
  private consumed = 0; // bytes pushed so far

  constructor(private readonly maxLine: number) {}

  /** The chunk of whole lines this piece completes, or null when it completes none. */
  push(piece: Uint8Array): LineChunk | null {
    const lineStart = this.consumed - this.carry.length;
    this.consumed += piece.length;
    const last = piece.lastIndexOf(NEWLINE);
    if (last < 0) {
      if (this.carry.length + piece.length > this.maxLine) throw new LineTooLongError(lineStart, this.maxLine);
      this.carry = concat(this.carry, piece);
      return null;
    }
    const head = this.carry.length > 0 ? this.carry : null;
    if (head) {
      const first = piece.indexOf(NEWLINE);
      if (head.length + first > this.maxLine) throw new LineTooLongError(lineStart, this.maxLine);
    }
    this.carry = piece.slice(last + 1);
    if (this.carry.length > this.maxLine) throw new LineTooLongError(this.consumed - this.carry.length, this.maxLine);
    return { head, body: piece, bodyStart: 0, bodyEnd: last + 1, final: false };
  }

  /** What is left after the last line break, as the final chunk (null when nothing is left). */
  end(): LineChunk | null {
    if (this.carry.length === 0) return null;
    const body = this.carry;
    this.carry = new Uint8Array(0);
    return { head: null, body, bodyStart: 0, bodyEnd: body.length, final: true };
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
