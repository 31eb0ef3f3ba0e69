/**
 * Where the sensor's CSV bytes come from: a file or stdin (plain or gzip, told by the first bytes), a capture
 * file through the workbench's own dissector, or tshark's stdout (capturing live). tshark's stderr is passed through (it says
 * "Capturing on ..." and why a capture failed); its exit status is reported plainly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CaptureToCsv, type CaptureReport } from '../../src/core/ingest/pcap/capture-to-csv.ts';
import { localTimeZone } from '../../src/core/ingest/pcap/capture-load.ts';
import { CaptureFormatError } from '../../src/core/ingest/pcap/captured-frame.ts';
import type { SensorInput } from './sensor-args.ts';

/**
 * What packetColumns reads (src/core/features/packet-columns.ts), plus the time and the protocol stack.
 * Alternatives a layout may carry instead (tcp.window_size_value, per-flag bools) are not needed: tshark
 * gives the primary field.
 */
export const TSHARK_FIELDS: readonly string[] = [
  'frame.time_epoch', 'frame.len', 'frame.protocols', 'eth.src', 'eth.dst', 'eth.type',
  'ip.src', 'ip.dst', 'ip.len', 'ip.ttl', 'ip.proto', 'ipv6.src', 'ipv6.dst', 'ipv6.plen', 'ipv6.hlim', 'ipv6.nxt',
  'arp.src.proto_ipv4', 'arp.dst.proto_ipv4',
  'tcp.srcport', 'tcp.dstport', 'tcp.len', 'tcp.seq', 'tcp.ack', 'tcp.flags', 'tcp.window_size', 'tcp.stream',
  'udp.srcport', 'udp.dstport', 'icmp.type', 'icmpv6.type',
];

export function tsharkArgs(input: SensorInput): string[] {
  const fields = TSHARK_FIELDS.flatMap((f) => ['-e', f]);
  const format = ['-T', 'fields', '-E', 'header=y', '-E', 'separator=,', '-E', 'quote=d', '-E', 'occurrence=f'];
  if (input.kind === 'pcap') return ['-r', input.path, ...format, ...fields];
  if (input.kind === 'live') return ['-l', '-i', input.iface, ...format, ...fields];
  throw new Error('tshark reads captures only');
}

export interface OpenedInput {
  readonly stream: Readable;
  /** Resolves when the source is done: null when it ended well, else why it failed. */
  readonly done: Promise<string | null>;
  /** Stops the source (tshark is told to end). */
  stop(): void;
}

export function openInput(input: SensorInput, tshark: string, stderr: (text: string) => void): OpenedInput {
  if (input.kind === 'csv') return openCsv(input.path);
  if (input.kind === 'pcap') return openCapture(input.path, stderr);
  return openTshark(tshark, tsharkArgs(input), `capturing on ${input.iface}`, stderr);
}

function openCsv(path: string): OpenedInput {
  const raw = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1024 * 1024 });
  const stream = Readable.from(gunzipIfGzip(raw));
  return { stream, done: Promise.resolve(null), stop: () => { raw.destroy(); stream.destroy(); } };
}

/**
 * A capture file (pcap or pcapng, plain or gzip) through the workbench's own dissector: the same CSV tshark
 * would export, at several times tshark's speed (src/core/ingest/pcap). What it could not read (a cut file, a
 * corrupt block) is said on stderr at the end.
 */
function openCapture(path: string, stderr: (text: string) => void): OpenedInput {
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let report: CaptureReport | null = null;
  let failure: string | null = null;
  async function* csv(): AsyncGenerator<Uint8Array> {
    const queue: Uint8Array[] = [];
    const cap = new CaptureToCsv({ timeZone: localTimeZone() }, (piece) => queue.push(piece));
    try {
      for await (const piece of gunzipIfGzip(raw)) {
        cap.push(new Uint8Array(piece.buffer, piece.byteOffset, piece.byteLength));
        yield* queue.splice(0);
      }
      report = cap.end();
      yield* queue.splice(0);
    } catch (e) {
      failure = `${path}: ${e instanceof Error ? e.message : String(e)}${e instanceof CaptureFormatError ? ` (byte ${e.offset.toLocaleString('en-US')})` : ''}`;
    }
  }
  const stream = Readable.from(csv());
  const done = new Promise<string | null>((resolve) => {
    stream.on('close', () => {
      const r = report as CaptureReport | null;
      if (r) for (const n of r.notes.slice(0, 5)) stderr(`sensor: ${path}: ${n.detail} (byte ${n.offset.toLocaleString('en-US')})\n`);
      resolve(failure);
    });
  });
  return { stream, done, stop: () => { raw.destroy(); stream.destroy(); } };
}

/** The bytes of `raw`, inflated when they start as gzip (a file or a pipe alike: told by the first bytes). */
async function* gunzipIfGzip(raw: Readable): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const n = await it.next();
    if (n.done) { if (head.length) yield head; return; }
    head = Buffer.concat([head, n.value]);
  }
  const first = head;
  async function* all(): AsyncGenerator<Buffer> {
    yield first;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  }
  if (first[0] === 0x1f && first[1] === 0x8b) yield* Readable.from(all()).pipe(createGunzip({ chunkSize: 256 * 1024 }));
  else yield* all();
}

function openTshark(cmd: string, args: string[], what: string, stderr: (text: string) => void): OpenedInput {
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let errText = '';
  child.stderr?.on('data', (d: Buffer) => {
    const s = d.toString();
    errText = (errText + s).slice(-4000);
    stderr(s);
  });
  let stopped = false;
  const done = new Promise<string | null>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      resolve(e.code === 'ENOENT'
        ? `tshark was not found (${cmd}): install it (Debian: apt-get install tshark) or give --tshark PATH`
        : `tshark could not be started: ${e.message}`);
    });
    child.on('close', (code, signal) => {
      if (stopped || code === 0) { resolve(null); return; }
      const last = errText.trim().split('\n').slice(-3).join(' / ');
      const perm = /permission|not permitted|don't have permission|Operation not permitted/i.test(errText);
      resolve(`tshark failed ${what} (${signal ? `signal ${signal}` : `exit status ${String(code)}`})${perm ? ': capture is not permitted for this user (run as root, or give it the capture capability: setcap cap_net_raw,cap_net_admin+eip $(command -v dumpcap))' : ''}${last ? `; tshark said: ${last}` : ''}`);
    });
  });
  const stdout = child.stdout;
  if (!stdout) throw new Error('tshark has no stdout');
  return { stream: stdout, done, stop: () => { stopped = true; child.kill('SIGTERM'); } };
}
