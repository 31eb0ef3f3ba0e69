/**
 * The fuzz seeds: the committed fixtures (real captures and tshark CSVs from the lab, the bad files), cut
 * to a few hundred frames or lines so each input is milliseconds of work, and fixtures/fuzz/seeds (tiny
 * bundles of every layout, a labels file). The lab-a slice also gives a classic pcap (its first frames,
 * rewritten), so pcap has Ethernet seeds as well as the Linux cooked captures of fixtures/pcap.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Seed, Seeds } from '../../src/core/fuzz/inputs.ts';
import { PcapngReader } from '../../src/core/ingest/pcap/pcapng-reader.ts';
import { pcapFile, type SynthFrame } from '../../src/core/ingest/pcap/synthetic-captures.ts';

/** Frames or lines kept of the long seeds. */
const SLICE_FRAMES = 64;
const SLICE_LINES = 64;

/** The first `frames` packet blocks of a pcapng, with every block before them (section, interfaces). */
export function pcapngPrefix(b: Uint8Array, frames: number): Uint8Array {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 0;
  let n = 0;
  while (p + 12 <= b.length && n < frames) {
    const type = dv.getUint32(p, true);
    const len = dv.getUint32(p + 4, true);
    if (type === 6 || type === 2 || type === 3) n++;
    p += len;
  }
  return b.slice(0, Math.min(p, b.length));
}

/** The first lines of a text. */
export function firstLines(b: Uint8Array, lines: number): Uint8Array {
  let p = 0;
  for (let i = 0; i < lines; i++) {
    const nl = b.indexOf(0x0a, p);
    if (nl < 0) return b;
    p = nl + 1;
  }
  return b.slice(0, p);
}

/** The odd text layouts the CSV reader takes (tabs, semicolons, UTF-16, NUL bytes), where they are. */
function oddText(root: string): string[] {
  const dir = 'fixtures/csv/odd';
  return existsSync(join(root, dir))
    ? readdirSync(join(root, dir))
        .sort()
        .map((f) => `${dir}/${f}`)
    : [];
}

/** The first lines of a text in any encoding: in UTF-16LE a line feed is 0a 00, so the cut is a byte later. */
function textHead(b: Uint8Array, lines: number): Uint8Array {
  const cut = firstLines(b, lines);
  return b[0] === 0xff && b[1] === 0xfe && cut.length < b.length ? b.slice(0, cut.length + 1) : cut;
}

/** A pcapng's frames rewritten as a classic pcap (nanosecond, big-endian: the rarer variants). */
function asPcap(ng: Uint8Array): Uint8Array {
  const frames: SynthFrame[] = [];
  let linkType = 1;
  const r = new PcapngReader((f) => {
    linkType = f.linkType;
    frames.push({ sec: f.sec, frac: f.nsec, data: [...f.data], origLen: f.origLen });
  });
  r.push(ng);
  r.end();
  return pcapFile(frames, { le: false, nanos: true, linkType });
}

export function loadSeeds(root = process.cwd()): Seeds {
  const read = (p: string): Uint8Array => new Uint8Array(readFileSync(join(root, p)));
  // Copied into plain Uint8Arrays: a Buffer's slice() is a view, and an edit through it would change the seed.
  const seed = (name: string, bytes: Uint8Array = read(name)): Seed => ({ name, bytes: new Uint8Array(bytes) });
  const slice = pcapngPrefix(read('fixtures/capture/lab-a-slice.pcapng'), SLICE_FRAMES);
  const randSource = pcapngPrefix(gunzipSync(read('fixtures/rand-source/lab-a-syn-rand-source.pcapng.gz')), 40);
  return {
    csv: [
      seed('fixtures/csv/small-good.csv'),
      seed('fixtures/csv/mid-header-malformed.csv'),
      seed('fixtures/material/lab-a-head.csv'),
      seed('fixtures/pcap/any.pcap.csv'),
      seed('fixtures/pcap/mcast.pcapng.csv'),
      seed('fixtures/bad/no-time.csv'),
      seed('fixtures/bad/other-tool.csv'),
      seed('fixtures/capture/lab-a-slice.csv (cut)', firstLines(read('fixtures/capture/lab-a-slice.csv'), SLICE_LINES)),
      seed(
        'fixtures/variants/benign-browse.csv.gz (cut)',
        firstLines(gunzipSync(read('fixtures/variants/benign-browse.csv.gz')), 40),
      ),
      ...oddText(root).map((f) => seed(`${f} (cut)`, textHead(read(f), 40))),
    ],
    pcap: [
      seed('fixtures/pcap/any.pcap'),
      seed('fixtures/pcap/lo-snaplen60.pcap'),
      seed('fixtures/bad/capture.pcap'),
      seed('fixtures/capture/lab-a-slice.pcapng (cut, as pcap)', asPcap(pcapngPrefix(slice, 40))),
    ],
    pcapng: [
      seed('fixtures/pcap/lo.pcapng'),
      seed('fixtures/pcap/mcast.pcapng'),
      seed('fixtures/bad/capture.pcapng'),
      seed('fixtures/capture/lab-a-slice.pcapng (cut)', slice),
      seed('fixtures/rand-source/lab-a-syn-rand-source.pcapng.gz (cut)', randSource),
    ],
    gzip: [seed('fixtures/bad/corrupt.csv.gz'), seed('fixtures/csv/gzip-named.csv')],
    bundle: ['lstm', 'views', 'shared'].map((n) => seed(`fixtures/fuzz/seeds/bundle-${n}.zip`)),
    rules: [seed('fixtures/fuzz/seeds/rules.json')],
    episodes: [
      seed('public/samples/lab-a/episodes.json'),
      seed('fixtures/variants/syn-p80-u500.episodes.json'),
      seed('fixtures/variants/benign-browse.episodes.json'),
    ],
  };
}
