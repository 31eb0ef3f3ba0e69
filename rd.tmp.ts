import { openSync, readSync, statSync } from 'node:fs';
import { CaptureFramer } from './src/core/ingest/pcap/capture-columns.ts';
import { FrameSharder } from './src/core/ingest/pcap/frame-shards.ts';
import { ShardDissector } from './src/core/ingest/pcap/shard-dissector.ts';
const file = '/tmp/large.pcapng';
const mode = process.argv[2];
const fd = openSync(file, 'r');
const size = statSync(file).size;
const t0 = performance.now();
let frames = 0;
const ds = [new ShardDissector('UTC'), new ShardDissector('UTC')];
const s = new FrameSharder(2, (sh, b) => { frames += b.count; if (mode === 'dissect' && sh === 0) ds[0].dissect(b); }, 1 << 20);
const f = new CaptureFramer((fr) => s.add(fr));
for (let pos = 0; pos < size;) {
  const buf = new Uint8Array(4 << 20);
  const n = readSync(fd, buf, 0, buf.length, pos);
  pos += n;
  f.push(buf.subarray(0, n));
}
f.end(); s.flush();
const sec = (performance.now() - t0) / 1000;
console.log(mode, frames, sec.toFixed(2), Math.round(frames / sec));
