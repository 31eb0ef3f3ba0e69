import { openSync, readSync, statSync } from 'node:fs';
import { ThreadedCaptureLoad } from './cli/lib/capture-threads.ts';
import { CaptureLoad } from './src/core/ingest/pcap/capture-load.ts';
const file = process.argv[2];
const threads = Number(process.argv[3] ?? 2);
const fd = openSync(file, 'r');
const size = statSync(file).size;
const t0 = performance.now();
const l = threads > 0 ? new ThreadedCaptureLoad({ fileName: file, fileBytes: size, compressed: false, timeZone: 'UTC' }, threads) : new CaptureLoad({ fileName: file, fileBytes: size, compressed: false, timeZone: 'UTC' });
for (let pos = 0; pos < size;) {
  const buf = new Uint8Array(4 << 20);
  const n = readSync(fd, buf, 0, buf.length, pos);
  pos += n;
  await l.push(buf.subarray(0, n));
}
const r = await l.finish();
const s = (performance.now() - t0) / 1000;
console.log(threads, r.table.rowCount, s.toFixed(2), Math.round(r.table.rowCount / s), 'rss', Math.round(process.resourceUsage().maxRSS / 1024));
