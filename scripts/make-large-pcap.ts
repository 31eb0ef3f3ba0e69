/**
 * Makes a big capture for bench:pcap by repeating a capture's frames with shifted times: copy k has every
 * timestamp moved by k * (the capture's span + 1 s), so times keep rising and frames keep their bytes.
 * pcapng (any byte order or if_tsresol; section and interface blocks are written once, at the start) or
 * pcap; the input may be gzip-compressed, the output is not.
 *
 *   npx tsx scripts/make-large-pcap.ts [--copies 23] INPUT.pcapng[.gz] OUTPUT.pcapng    # lab-a: ~1 GB
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { copies: { type: 'string' } } });
const [input, output] = positionals;
if (!input || !output) {
  console.error('usage: npx tsx scripts/make-large-pcap.ts [--copies N] INPUT OUTPUT');
  process.exit(2);
}
const copies = Number(values.copies ?? 23);
let src = readFileSync(input);
if (src[0] === 0x1f && src[1] === 0x8b) src = gunzipSync(src);
const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
const out = openSync(output, 'w');
const magic = dv.getUint32(0, false);

function writeAll(b: Uint8Array): void {
  for (let o = 0; o < b.length; ) o += writeSync(out, b, o, b.length - o);
}

/** Output is gathered into big writes. */
let pending: Buffer[] = [];
let pendingBytes = 0;
function emit(b: Buffer): void {
  pending.push(b);
  pendingBytes += b.length;
  if (pendingBytes >= 16 << 20) flush();
}
function flush(): void {
  if (pending.length) writeAll(Buffer.concat(pending));
  pending = [];
  pendingBytes = 0;
}

if (magic === 0x0a0d0d0a) {
  // pcapng: find the byte order, the interfaces' resolutions and the time span first.
  let le = true;
  const unitsPerSec: bigint[] = [];
  let first = -1n;
  let last = -1n;
  const blocks: [number, number, number][] = []; // type, offset, length
  for (let p = 0; p + 12 <= src.length; ) {
    if (dv.getUint32(p, true) === 0x0a0d0d0a) le = dv.getUint32(p + 8, true) === 0x1a2b3c4d;
    const type = dv.getUint32(p, le);
    const len = dv.getUint32(p + 4, le);
    if (len < 12 || p + len > src.length) break;
    blocks.push([type, p, len]);
    if (type === 1) {
      let res = 1_000_000n;
      for (let o = p + 16; o + 4 <= p + len - 4; ) {
        const code = dv.getUint16(o, le);
        const olen = dv.getUint16(o + 2, le);
        if (code === 0) break;
        if (code === 9) {
          const v = src[o + 4];
          res = v & 0x80 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v);
        }
        o += 4 + ((olen + 3) & ~3);
      }
      unitsPerSec.push(res);
    }
    if (type === 6) {
      const iface = dv.getUint32(p + 8, le);
      const ts =
        (((BigInt(dv.getUint32(p + 12, le)) << 32n) | BigInt(dv.getUint32(p + 16, le))) * 1_000_000_000n) /
        unitsPerSec[iface];
      if (first < 0n || ts < first) first = ts;
      if (ts > last) last = ts;
    }
    p += len;
  }
  const spanNs = last - first + 1_000_000_000n;
  for (let k = 0; k < copies; k++) {
    for (const [type, p, len] of blocks) {
      if (type !== 6) {
        if (k === 0) emit(src.subarray(p, p + len));
        continue;
      }
      const b = Buffer.from(src.subarray(p, p + len));
      const bdv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const iface = bdv.getUint32(8, le);
      const shift = (BigInt(k) * spanNs * unitsPerSec[iface]) / 1_000_000_000n;
      const ts = ((BigInt(bdv.getUint32(12, le)) << 32n) | BigInt(bdv.getUint32(16, le))) + shift;
      bdv.setUint32(12, Number(ts >> 32n), le);
      bdv.setUint32(16, Number(ts & 0xffffffffn), le);
      emit(b);
    }
  }
} else {
  // pcap: whole seconds are enough of a shift.
  const le = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  if (!le && magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) throw new Error(`${input}: not a pcap or pcapng capture`);
  const records: [number, number][] = [];
  let firstSec = Infinity;
  let lastSec = -Infinity;
  for (let p = 24; p + 16 <= src.length; ) {
    const len = 16 + dv.getUint32(p + 8, le);
    if (p + len > src.length) break;
    const sec = dv.getUint32(p, le);
    firstSec = Math.min(firstSec, sec);
    lastSec = Math.max(lastSec, sec);
    records.push([p, len]);
    p += len;
  }
  const span = lastSec - firstSec + 2;
  emit(src.subarray(0, 24));
  for (let k = 0; k < copies; k++) {
    for (const [p, len] of records) {
      const b = Buffer.from(src.subarray(p, p + len));
      b.writeUInt32LE(0, 0);
      new DataView(b.buffer, b.byteOffset).setUint32(0, dv.getUint32(p, le) + k * span, le);
      emit(b);
    }
  }
}
flush();
closeSync(out);
console.log(`${output}: ${copies} copies of ${input}`);
