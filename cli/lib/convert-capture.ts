/**
 * The logic of `npm run convert`: a capture (pcap or pcapng, plain or gzip) to the users' CSV layout,
 * written exactly as `tshark -T fields -E header=y -E separator=, -E quote=d -E occurrence=f -e ...` with
 * the layout's 57 fields writes it. Streams: the capture is read in pieces and the CSV written as it goes.
 */
import { createReadStream, createWriteStream, openSync, readSync, closeSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { CaptureToCsv } from '../../src/core/ingest/pcap/capture-to-csv.ts';
import type { CaptureReport } from '../../src/core/ingest/pcap/capture-columns.ts';
import { CaptureFormatError } from '../../src/core/ingest/pcap/captured-frame.ts';
import { localTimeZone } from '../../src/core/ingest/pcap/capture-load.ts';
import { describeCapture } from './convert-report.ts';

export const CONVERT_USAGE = `usage: npm run convert -- --data CAPTURE --out CSV [--tz ZONE]

Writes the frames of a pcap or pcapng capture (plain or gzip, told by content) as the workbench's CSV
layout, as tshark -T fields -E header=y -E separator=, -E quote=d -E occurrence=f would with its 57 fields.

  -d, --data FILE   the capture
  -o, --out FILE    the CSV to write ("-" for stdout)
      --tz ZONE     IANA time zone for frame.time's text (default: this machine's, as tshark)
  -h, --help        this text

Exit status: 0 written; 1 the capture could not be read (what was complete is written); 2 the command line is wrong.`;

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
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', short: 'd' }, out: { type: 'string', short: 'o' }, tz: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
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

/** Converts `args.data` into `args.out`; resolves with the capture's report. */
export async function convertCapture(args: ConvertArgs): Promise<CaptureReport> {
  const head = Buffer.alloc(2);
  const fd = openSync(args.data, 'r');
  readSync(fd, head, 0, 2, 0);
  closeSync(fd);
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const raw = createReadStream(args.data, { highWaterMark: 4 * 1024 * 1024 });
  const input = gz ? raw.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : raw;
  const out = args.out === '-' ? process.stdout : createWriteStream(args.out);
  const pending: Uint8Array[] = [];
  const conv = new CaptureToCsv({ timeZone: args.timeZone }, (csv) => pending.push(csv));
  const drain = async () => {
    for (const csv of pending.splice(0)) if (!out.write(csv)) await once(out, 'drain');
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
  let report: CaptureReport | null = null;
  try {
    // What was complete is written even when the capture breaks off.
    if (failure === null || conv.started) report = conv.end();
  } catch (e) {
    failure ??= e;
  }
  await drain();
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  if (failure !== null || report === null) {
    if (failure instanceof CaptureFormatError || !(failure instanceof Error)) throw failure;
    // A stream error (a corrupt gzip): say so, with what was read before it.
    throw new Error(`reading failed after ${report ? report.frames.toLocaleString('en-US') + ' frames' : 'the start'}: ${failure.message}`);
  }
  return report;
}

export async function runConvert(argv: string[]): Promise<ConvertOutcome> {
  const a = parseConvertArgs(argv);
  if ('help' in a) return { lines: [CONVERT_USAGE], errors: [], exitCode: 0 };
  if ('error' in a) return { lines: [], errors: [a.error, CONVERT_USAGE], exitCode: 2 };
  try {
    const report = await convertCapture(a);
    const cut = report.noteCounts.truncated + report.noteCounts.corrupt > 0;
    return { lines: [], errors: describeCapture(report), exitCode: cut ? 1 : 0, report };
  } catch (e) {
    const where = e instanceof CaptureFormatError ? ` (byte ${e.offset})` : '';
    return { lines: [], errors: [`${a.data}: ${e instanceof Error ? e.message : String(e)}${where}`], exitCode: 1 };
  }
}
