/**
 * Where the sensor's bytes come from: a tshark CSV or a capture (pcap or pcapng), each from a file or stdin
 * (plain or gzip, told by the first bytes), or a capture tool's stdout (dumpcap or tcpdump, capturing live).
 * Captures, live ones too, go through the workbench's own dissector (src/core/sensor/capture-batcher.ts). The
 * tool's stderr is passed through (it says "Capturing on ..." and why a capture failed); its exit status is
 * reported plainly, with what to do when capturing is not permitted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, createReadStream } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { reasonOf } from './error-words.ts';
import type { SensorInput } from './sensor-args.ts';

export interface OpenedInput {
  /** CSV text (tshark's layout), or capture bytes (pcap or pcapng) for the workbench's dissector. */
  readonly format: 'csv' | 'capture';
  readonly stream: Readable;
  /** Resolves when the source is done: null when it ended well, else why it failed. */
  readonly done: Promise<string | null>;
  /** Stops the source (a capture tool is told to end). */
  stop(): void;
}

/** What captures live: dumpcap (Wireshark's capture engine) or tcpdump, both writing the capture to stdout. */
export function captureArgs(tool: string, iface: string): string[] {
  return /tcpdump$/.test(tool)
    ? ['-i', iface, '-w', '-', '-U', '-s', '0', '--immediate-mode']
    : ['-i', iface, '-w', '-', '-q'];
}

export function openInput(input: SensorInput, captureTool: string | null, stderr: (text: string) => void): OpenedInput {
  if (input.kind === 'csv') return openBytes(input.path, 'csv');
  if (input.kind === 'pcap') return openBytes(input.path, 'capture');
  return openCaptureTool(captureTool ?? defaultCaptureTool(), input.iface, stderr);
}

/** dumpcap where it is installed, else tcpdump (both also looked for in the sbin folders root's PATH has). */
export function defaultCaptureTool(path = process.env.PATH ?? ''): string {
  const dirs = [...path.split(delimiter).filter(Boolean), '/usr/sbin', '/sbin'];
  for (const tool of ['dumpcap', 'tcpdump']) {
    for (const d of dirs) {
      const full = join(d, tool);
      try {
        accessSync(full, constants.X_OK);
        return full;
      } catch {
        // not here
      }
    }
  }
  return 'dumpcap';
}

/** A file or stdin (`-`), plain or gzip (told by the first bytes). */
function openBytes(path: string, format: OpenedInput['format']): OpenedInput {
  const raw = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1024 * 1024 });
  let failure: string | null = null;
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      yield* gunzipIfGzip(raw);
    } catch (e) {
      // A corrupt gzip ends the stream: what was inflated before the damage has been handed on.
      failure = `${path === '-' ? 'stdin' : path}: ${reasonOf(e)}`;
    }
  }
  const stream = Readable.from(bytes());
  const done = new Promise<string | null>((resolve) => stream.on('close', () => resolve(failure)));
  return {
    format,
    stream,
    done,
    stop: () => {
      raw.destroy();
      stream.destroy();
    },
  };
}

/** The bytes of `raw`, inflated when they start as gzip (a file or a pipe alike: told by the first bytes). */
async function* gunzipIfGzip(raw: Readable): AsyncGenerator<Buffer> {
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const n = await it.next();
    if (n.done) {
      if (head.length) yield head;
      return;
    }
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

function openCaptureTool(cmd: string, iface: string, stderr: (text: string) => void): OpenedInput {
  const name = cmd.split('/').pop() ?? cmd;
  const child: ChildProcess = spawn(cmd, captureArgs(cmd, iface), { stdio: ['ignore', 'pipe', 'pipe'] });
  let errText = '';
  child.stderr?.on('data', (d: Buffer) => {
    const s = d.toString();
    errText = (errText + s).slice(-4000);
    stderr(s);
  });
  let stopped = false;
  const done = new Promise<string | null>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      resolve(
        e.code === 'ENOENT'
          ? `${name} was not found (${cmd}): install it (Debian: apt-get install wireshark-common for dumpcap, or tcpdump) or give --capture-tool PATH`
          : `${name} could not be started: ${e.message}`,
      );
    });
    child.on('close', (code, signal) => {
      if (stopped || code === 0) {
        resolve(null);
        return;
      }
      const last = errText.trim().split('\n').slice(-3).join(' / ');
      const perm = /permission|not permitted|don't have permission|Operation not permitted/i.test(errText);
      const fix = `capture is not permitted for this user: run as root, add the user to the wireshark group (Debian: dpkg-reconfigure wireshark-common; usermod -aG wireshark $USER), or give the tool the capture capability (setcap cap_net_raw,cap_net_admin+eip $(command -v ${name}))`;
      resolve(
        `${name} failed capturing on ${iface} (${signal ? `signal ${signal}` : `exit status ${String(code)}`})${perm ? `: ${fix}` : ''}${last ? `; ${name} said: ${last}` : ''}`,
      );
    });
  });
  const stdout = child.stdout;
  if (!stdout) throw new Error(`${name} has no stdout`);
  return {
    format: 'capture',
    stream: stdout,
    done,
    stop: () => {
      stopped = true;
      child.kill('SIGTERM');
    },
  };
}
