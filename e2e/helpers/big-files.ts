/**
 * Big inputs made at test time in the temp directory (never committed): a ~300 MB CSV of the sample's rows
 * repeated, and a file whose second line is 200 MB long. Kept between runs when already the right size.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const DIR = join(tmpdir(), 'nids-workbench-e2e');
const SAMPLE = join(import.meta.dirname, '../../public/samples/lab-a/packets.csv.gz');

function make(name: string, minBytes: number, write: (fd: number) => void): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  if (existsSync(path) && statSync(path).size >= minBytes) return path;
  const fd = openSync(path, 'w');
  try {
    write(fd);
  } finally {
    closeSync(fd);
  }
  return path;
}

function sampleText(): { header: Buffer; body: Buffer } {
  const text = gunzipSync(readFileSync(SAMPLE));
  const nl = text.indexOf(0x0a);
  return { header: text.subarray(0, nl + 1), body: text.subarray(nl + 1) };
}

/** The decompressed sample with its rows repeated until the file is at least `bytes` long. */
export function repeatedSample(bytes = 300e6): string {
  return make(`repeated-${Math.round(bytes / 1e6)}mb.csv`, bytes, (fd) => {
    const { header, body } = sampleText();
    let size = writeSync(fd, header);
    while (size < bytes) size += writeSync(fd, body);
  });
}

/** The sample's header, then one line of `bytes` bytes with no line break. */
export function longLine(bytes = 200e6): string {
  return make(`long-line-${Math.round(bytes / 1e6)}mb.csv`, bytes, (fd) => {
    const { header } = sampleText();
    writeSync(fd, header);
    const block = Buffer.alloc(8 << 20, 'A');
    writeSync(fd, '"1","42","');
    for (let size = 0; size < bytes; size += block.length) writeSync(fd, block);
  });
}
