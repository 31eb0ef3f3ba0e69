/**
 * The bytes a streaming reader has been given but not yet consumed. A record may straddle any number of
 * pushes; only the unconsumed tail is ever copied, so a file streams through in O(size).
 */
export class ByteQueue {
  buf: Uint8Array = new Uint8Array(0);
  /** Read position in `buf`, and the file offset of `buf[0]`. */
  pos = 0;
  base = 0;

  push(bytes: Uint8Array): void {
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length;
      this.buf = bytes;
      this.pos = 0;
      return;
    }
    const rest = this.buf.length - this.pos;
    const joined = new Uint8Array(rest + bytes.length);
    joined.set(this.buf.subarray(this.pos));
    joined.set(bytes, rest);
    this.base += this.pos;
    this.buf = joined;
    this.pos = 0;
  }

  get available(): number {
    return this.buf.length - this.pos;
  }

  /** File offset of the read position. */
  get offset(): number {
    return this.base + this.pos;
  }
}
