/**
 * IPv4 addresses as text, made once per address: dissection hands addresses to the conversation trackers
 * as strings, and a capture has few distinct ones among millions of frames. The same string instance
 * comes back each time, so maps keyed by it hash it once.
 */
const text = new Map<number, string>();
const LIMIT = 1 << 16;

export function ipv4Text(b: Uint8Array, o: number): string {
  const n = ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  let s = text.get(n);
  if (s === undefined) {
    if (text.size >= LIMIT) text.clear();
    s = `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
    text.set(n, s);
  }
  return s;
}
