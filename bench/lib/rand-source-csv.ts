/**
 * A SYN flood from a random source address per packet, to one destination, as tshark CSV lines in the users'
 * layout (the lab-a header): the worst case for a sensor's per-group memory, since every packet opens a new
 * host pair. Seeded, so runs repeat.
 *
 *   npx tsx bench/lib/rand-source-csv.ts 1000000 [SEED] | npx tsx cli/sensor.ts --model M --csv -
 */
import { pathToFileURL } from 'node:url';
import { mulberry32 } from '../../src/core/model/prng.ts';

export const HEADER =
  'frame.number,frame.len,frame.time,frame.time_epoch,frame.protocols,eth.src,eth.dst,eth.type,ip.src,ip.dst,ip.len,ip.ttl,ip.flags,ip.frag_offset,ip.proto,ip.version,ip.dsfield,ip.checksum,tcp.srcport,tcp.dstport,tcp.len,tcp.seq,tcp.ack,tcp.flags,tcp.flags.syn,tcp.flags.ack,tcp.flags.fin,tcp.flags.reset,tcp.window_size,tcp.checksum,tcp.stream,udp.srcport,udp.dstport,udp.length,udp.checksum,icmp.type,icmp.code,icmp.checksum,http.request.method,http.request.uri,http.request.version,http.request.full_uri,http.response.code,http.user_agent,http.content_length_header,http.content_type,http.cookie,http.host,http.referer,http.location,http.authorization,http.connection,dns.qry.name,dns.qry.type,dns.qry.class,dns.flags.response,dns.a,alert,attack';

/** Empty udp/icmp/http/dns fields between tcp.stream and the labels. */
const EMPTY_TAIL = ','.repeat(HEADER.split(',').indexOf('alert') - HEADER.split(',').indexOf('tcp.stream'));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** 2026-11-22 15:12:33 EST, the start of lab-a. */
const START_S = 1795378353;
/** Packets per second of the flood (sets the timestamps only). */
const RATE = 100_000;
const pad = (v: number, n: number): string => String(v).padStart(n, '0');
const hex4 = (v: number): string => `0x${(v & 0xffff).toString(16).padStart(4, '0')}`;

let cachedSec = -1;
let cachedPrefix = '';

/** tshark's frame.time in US Eastern standard time, as the users' captures have it (date part cached per second). */
function frameTime(sec: number, ns: number): string {
  if (sec !== cachedSec) {
    const d = new Date((sec - 5 * 3600) * 1000);
    cachedSec = sec;
    cachedPrefix = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  }
  return `${cachedPrefix}.${pad(ns, 9)} EST`;
}

/** The lines after the header, `per` at a time, joined (with their newlines). */
export function* randSourceLines(packets: number, seed = 1, per = 4096): Generator<string> {
  const rand = mulberry32(seed);
  const u32 = (): number => Math.floor(rand() * 4294967296);
  let lines: string[] = [];
  for (let i = 0; i < packets; i++) {
    const sec = START_S + Math.floor(i / RATE);
    const ns = (i % RATE) * (1e9 / RATE) + (u32() % 1000);
    const src = `${1 + (u32() % 223)}.${u32() & 255}.${u32() & 255}.${1 + (u32() % 254)}`;
    const sport = 1024 + (u32() % 64512);
    lines.push(
      `"${i + 1}","54","${frameTime(sec, ns)}","${sec}.${pad(ns, 9)}","eth:ethertype:ip:tcp","02:4c:0a:14:1e:67","02:4c:0a:14:1e:65","0x0800","${src}","10.20.30.101","40","64","0x00","0","6","4","0x00","${hex4(u32())}","${sport}","80","0","${u32()}","0","0x0002","1","0","0","0","512","${hex4(u32())}","${i}"${EMPTY_TAIL}"suspicious","synflood"`,
    );
    if (lines.length === per) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length) yield `${lines.join('\n')}\n`;
}

/** Writes the CSV (header first) to `out`, waiting when the reader is slower (backpressure, flat memory). */
export async function writeRandSourceCsv(out: NodeJS.WritableStream, packets: number, seed = 1): Promise<void> {
  let failed: unknown = null;
  const onError = (e: unknown): void => {
    failed = e;
    out.emit('drain');
  };
  out.on('error', onError);
  const write = (s: string): Promise<void> =>
    new Promise((resolve) => {
      if (out.write(s)) resolve();
      else out.once('drain', resolve);
    });
  await write(`${HEADER}\n`);
  for (const chunk of randSourceLines(packets, seed)) {
    await write(chunk);
    if (failed) break;
  }
  out.off('error', onError);
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? '1000000');
  if (!(Number.isInteger(n) && n >= 0)) {
    process.stderr.write('usage: rand-source-csv.ts PACKETS [SEED]\n');
    process.exit(2);
  }
  // A reader that closes early (head, a stopped sensor) is not an error here.
  await writeRandSourceCsv(process.stdout, n, Number(process.argv[3] ?? '1')).catch(() => process.exit(0));
}
