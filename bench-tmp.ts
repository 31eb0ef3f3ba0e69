import { openSync, readSync, closeSync, statSync } from 'node:fs';
import { CaptureColumns } from './src/core/ingest/pcap/capture-columns.ts';
import { CaptureFramer } from './src/core/ingest/pcap/capture-columns.ts';
const file = process.argv[2];
const mode = process.argv[3] ?? 'columns';
const fd = openSync(file, 'r');
const size = statSync(file).size;
const buf = Buffer.alloc(4 << 20);
const t0 = performance.now();
let frames = 0;
const sink = mode === 'frame' ? new CaptureFramer(() => { frames++; }) : new CaptureColumns({ timeZone: 'UTC', rows: 1 << 16 });
for (let pos = 0; pos < size;) {
  const n = readSync(fd, buf, 0, buf.length, pos);
  pos += n;
  sink.push(new Uint8Array(buf.buffer, 0, n).slice());
  if (mode === "columns" && (sink as CaptureColumns).rows > 1 << 20) (sink as CaptureColumns).take(1 << 20);
  if (mode === "nopiece") {}
}
const r = sink.end();
const s = (performance.now() - t0) / 1000;
const f = 'frames' in r ? r.frames : frames;
console.log(mode, f, 'frames', s.toFixed(2), 's', Math.round(f / s), 'frames/s', 'rss', Math.round(process.memoryUsage().rss / 1e6));
closeSync(fd);
