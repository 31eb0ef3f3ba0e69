/**
 * Tells what a file is from its first bytes, never from its name: users pick pcaps, spreadsheets and
 * screenshots by mistake, and a renamed .csv.gz is still gzip.
 */
import { sniffEncoding } from './text-encoding.ts';

export type Sniffed =
  | { readonly kind: 'text' }
  | { readonly kind: 'gzip' }
  | { readonly kind: 'pcap' }
  | { readonly kind: 'pcapng' }
  | { readonly kind: 'refuse'; readonly message: string };

export interface SniffOptions {
  /**
   * The caller can read captures (src/core/ingest/pcap): pcap and pcapng are reported as such instead of
   * refused. Callers that only read CSV (the browser's reader until it opens captures) leave it off and
   * keep the message that tells the user how to export a CSV.
   */
  readonly captures?: boolean;
}

const MAGICS: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0xd4, 0xc3, 0xb2, 0xa1], what: 'a pcap capture' },
  { bytes: [0xa1, 0xb2, 0xc3, 0xd4], what: 'a pcap capture' },
  { bytes: [0x4d, 0x3c, 0xb2, 0xa1], what: 'a pcap capture (nanosecond)' },
  { bytes: [0xa1, 0xb2, 0x3c, 0x4d], what: 'a pcap capture (nanosecond)' },
  { bytes: [0x0a, 0x0d, 0x0d, 0x0a], what: 'a pcapng capture' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a zip archive (or an Excel workbook)' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF)' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2 archive' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'an xz archive' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd archive' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
];

/** `head` is the first bytes of the file (or of its decompressed text); `inGzip` words the message. */
export function sniff(head: Uint8Array, inGzip = false, opts: SniffOptions = {}): Sniffed {
  if (head.length === 0)
    return { kind: 'refuse', message: inGzip ? 'The file is empty once decompressed.' : 'The file is empty.' };
  if (!inGzip && head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  const where = inGzip ? 'The gzip-compressed file' : 'The file';
  // Where captures open, a wrong file is "not a capture or a CSV", and the way out is to pick one of those.
  const notWhat = opts.captures ? 'not a packet capture (pcap, pcapng) or a tshark CSV' : 'not a CSV';
  for (const m of MAGICS) {
    if (m.bytes.every((b, i) => head[i] === b)) {
      const capture = m.what.startsWith('a pcap');
      if (capture && opts.captures) return { kind: m.what.startsWith('a pcapng') ? 'pcapng' : 'pcap' };
      return {
        kind: 'refuse',
        message:
          `${where} looks like ${m.what}, ${notWhat}.` +
          (capture
            ? ' Export it as CSV with `tshark -r FILE -T fields -E header=y -E separator=, -E quote=d -e frame.time_epoch -e ...`.'
            : opts.captures
              ? ' Pick a capture saved by Wireshark, dumpcap or tcpdump, or a CSV exported by `tshark -T fields`.'
              : ' Pick a CSV exported by `tshark -T fields`.'),
      };
    }
  }
  // UTF-16 (a PowerShell redirect) has a NUL beside every ASCII byte: text, converted before it is read.
  if (sniffEncoding(head).encoding !== 'utf-8') return { kind: 'text' };
  // A few NUL bytes in a CSV are damage (a crash while writing, a bad copy): its rows load and those lines are
  // skipped. Binary is bytes that text does not have, in number: NULs, control bytes, broken UTF-8.
  const n = Math.min(head.length, 4096);
  const { nul, control, broken } = oddBytes(head, n);
  if (nul + control + broken > n / 10) {
    const counts: readonly [number, string][] = [
      [nul, 'NUL'],
      [control, 'control'],
      [broken, 'non-UTF-8'],
    ];
    const what = counts
      .filter(([k]) => k > 0)
      .map(([k, w]) => `${k} ${w}`)
      .join(', ');
    return { kind: 'refuse', message: `${where} is binary (${what} bytes in the first ${n}), ${notWhat}.` };
  }
  return { kind: 'text' };
}

function oddBytes(head: Uint8Array, n: number): { nul: number; control: number; broken: number } {
  let nul = 0;
  let control = 0;
  let broken = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i];
    if (b === 0) nul++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
    else if (b >= 0x80) {
      const more = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
      let ok = more > 0;
      for (let k = 1; ok && k <= more && i + k < n; k++) ok = (head[i + k] & 0xc0) === 0x80;
      if (ok) i += Math.min(more, n - 1 - i);
      else broken++;
    }
  }
  return { nul, control, broken };
}
