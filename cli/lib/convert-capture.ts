/**
 * The logic of `npm run convert`: a capture (pcap or pcapng, plain or gzip) to the users' CSV layout,
 * written exactly as `tshark -T fields -E header=y -E separator=, -E quote=d -E occurrence=f -e ...` with
 * the layout's 57 fields writes it. Streams: the capture is read in pieces and the CSV written as it goes.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { CaptureToCsv } from '../../src/core/ingest/pcap/capture-to-csv.ts';
import type { CaptureReport } from '../../src/core/ingest/pcap/capture-columns.ts';
import { CaptureFormatError } from '../../src/core/ingest/pcap/captured-frame.ts';
import { localTimeZone } from '../../src/core/ingest/pcap/capture-load.ts';
import { parseCliArgs } from './cli-args.ts';
import { describeCapture } from './convert-report.ts';
import { errnoOf, reasonOf } from './error-words.ts';
import { openOutStream, WriteError, type OutStream } from './out-file.ts';

export const CONVERT_USAGE = `usage: npm run convert -- --data CAPTURE --out CSV [--tz ZONE]

Writes the frames of a pcap or pcapng capture (plain or gzip, told by content) as the workbench's CSV
layout, as tshark -T fields -E header=y -E separator=, -E quote=d -E occurrence=f would with its 57 fields.

  -d, --data FILE   the capture
  -o, --out FILE    the CSV to write ("-" for stdout)
      --tz ZONE     IANA time zone for frame.time's text (default: this machine's, as tshark)
  -h, --help        this text

Exit status: 0 written; 1 the capture could not be read (what was complete is written) or the CSV could not
be written (then no file is left); 2 the command line is wrong.`;

export interface ConvertOutcome {
  readonly lines: string[];
  readonly errors: string[];
  readonly exitCode: 0 | 1 | 2;
  readonly report?: CaptureReport;
}

export interface ConvertArgs {
  readonly data: string;
  readonly out: string;
  readonly timeZone: string;
}

export function parseConvertArgs(argv: string[]): ConvertArgs | { readonly help: true } | { readonly error: string } {
  const parsed = parseCliArgs(argv, {
    data: { type: 'string', short: 'd' },
    out: { type: 'string', short: 'o' },
    tz: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return { error: parsed.error };
  const { values } = parsed;
  if (values.help) return { help: true };
  if (!values.data) return { error: '--data CAPTURE is required' };
  if (!values.out) return { error: '--out CSV is required' };
  const timeZone = values.tz ?? localTimeZone();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return { error: `unknown time zone ${JSON.stringify(timeZone)} (use an IANA name such as America/New_York)` };
  }
  return { data: values.data, out: values.out, timeZone };
}

/** Whether the file starts as gzip does; opening it is where a missing file or a folder is found. */
function startsAsGzip(path: string): boolean {
  const head = Buffer.alloc(2);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 2, 0);
  } finally {
    closeSync(fd);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** stdout as an OutStream: written in place, nothing to put in place or take back. */
function stdoutStream(): OutStream {
  return {
    async write(bytes) {
      if (!process.stdout.write(bytes)) await once(process.stdout, 'drain');
    },
    async close() {},
  };
}

/**
 * Converts `args.data` into `args.out`; resolves with the capture's report. A file is put in place once
 * written, also when the capture breaks off (what was complete); when nothing could be converted, or writing
 * failed (a WriteError), no file is left.
 */
export async function convertCapture(args: ConvertArgs): Promise<CaptureReport> {
  const gz = startsAsGzip(args.data);
  const out = args.out === '-' ? stdoutStream() : openOutStream(args.out);
  const raw = createReadStream(args.data, { highWaterMark: 4 * 1024 * 1024 });
  const input = gz ? raw.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : raw;
  const pending: Uint8Array[] = [];
  const conv = new CaptureToCsv({ timeZone: args.timeZone }, (csv) => pending.push(csv));
  const drain = async (): Promise<void> => {
    for (const csv of pending.splice(0)) await out.write(csv);
  };
  let failure: unknown = null;
  try {
    for await (const piece of input) {
      conv.push(new Uint8Array(piece as Buffer));
      await drain();
    }
  } catch (e) {
    failure = e;
  }
  raw.destroy();
  let report: CaptureReport | null = null;
  try {
    if (failure instanceof WriteError) throw failure;
    try {
      // What was complete is written even when the capture breaks off.
      if (failure === null || conv.started) report = conv.end();
    } catch (e) {
      failure ??= e;
    }
    await drain();
  } catch (e) {
    await out.close(false);
    throw e;
  }
  await out.close(report !== null);
  if (failure !== null || report === null) {
    if (failure instanceof CaptureFormatError || !(failure instanceof Error)) throw failure;
    // A stream error (a corrupt gzip): say so, with what was read before it.
    const after = report ? `${report.frames.toLocaleString('en-US')} frames` : 'the start';
    throw new Error(`reading failed after ${after}: ${failure.message}`);
  }
  return report;
}

export async function runConvert(argv: string[]): Promise<ConvertOutcome> {
  const a = parseConvertArgs(argv);
  if ('help' in a) return { lines: [CONVERT_USAGE], errors: [], exitCode: 0 };
  if ('error' in a) return { lines: [], errors: [`convert: ${a.error}`, '', CONVERT_USAGE], exitCode: 2 };
  try {
    const report = await convertCapture(a);
    const cut = report.noteCounts.truncated + report.noteCounts.corrupt > 0;
    return { lines: [], errors: describeCapture(report), exitCode: cut ? 1 : 0, report };
  } catch (e) {
    return { lines: [], errors: [`convert: ${describeConvertFailure(a.data, e)}`], exitCode: 1 };
  }
}

function describeConvertFailure(data: string, e: unknown): string {
  if (e instanceof WriteError) return e.message;
  if (e instanceof CaptureFormatError) return `${data}: ${e.message} (byte ${e.offset})`;
  return `${data}: ${errnoOf(e) ? reasonOf(e) : e instanceof Error ? e.message : String(e)}`;
}
