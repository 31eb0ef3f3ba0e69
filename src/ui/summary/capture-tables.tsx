/**
 * What a pcap or pcapng capture said about itself while it was dissected (LoadSummary.capture): its format
 * and frames, and each way it stopped short, as a count and a sentence ("capture cut at byte N: the frames
 * before it are loaded"), then the first of each with its byte offset (the file) or frame number (the
 * dissection). Only for captures; a CSV has none.
 */
import type { ReactNode } from 'react';
import type { CaptureNoteKind } from '../../core/ingest/pcap/captured-frame.ts';
import type { CaptureReport } from '../../core/ingest/pcap/capture-columns.ts';
import type { FrameIssue } from '../../core/ingest/pcap/frame-dissector.ts';
import { formatCount } from '../format.ts';

type IssueKind = FrameIssue['kind'];

/** What each kind of note about the file means for the table, by count. */
export const NOTE_TEXT: Readonly<Record<CaptureNoteKind, (n: number) => string>> = {
  truncated: () => 'capture cut short: the frames before the cut are loaded',
  corrupt: (n) =>
    `${n === 1 ? 'corrupt block or record' : 'corrupt blocks or records'}: skipped, or reading stopped there`,
  'unknown-block': (n) => `${n === 1 ? 'block' : 'blocks'} of an unknown type skipped`,
  'no-timestamp': (n) => `${n === 1 ? 'packet' : 'packets'} without a timestamp: given time 0`,
  'unknown-interface': (n) => `${n === 1 ? 'packet' : 'packets'} of no described interface: skipped`,
};

/** What each kind of dissection issue means for the table, by count. */
export const ISSUE_TEXT: Readonly<Record<IssueKind, (n: number) => string>> = {
  'snaplen-cut': (n) => `${n === 1 ? 'frame' : 'frames'} cut by the snapshot length: dissected as far as captured`,
  'http-unreassembled': (n) =>
    `HTTP ${n === 1 ? 'message' : 'messages'} spread over several segments: ${n === 1 ? 'its' : 'their'} http.* fields are empty`,
  malformed: (n) =>
    `malformed ${n === 1 ? 'header' : 'headers'}: the fields after ${n === 1 ? 'it' : 'them'} are empty`,
  'unknown-link': (n) => `${n === 1 ? 'frame' : 'frames'} of a link type not dissected: only frame.* fields`,
};

const NOTE_KINDS = Object.keys(NOTE_TEXT) as CaptureNoteKind[];
const ISSUE_KINDS = Object.keys(ISSUE_TEXT) as IssueKind[];

/** One sentence for the capture's state, e.g. for the truncated case "capture cut at byte 1,000: …". */
function noteSentence(c: CaptureReport, kind: CaptureNoteKind): string {
  const n = c.noteCounts[kind];
  if (kind === 'truncated') {
    const at = c.notes.find((x) => x.kind === 'truncated');
    return at
      ? `capture cut at byte ${formatCount(at.offset)}: the frames before it are loaded`
      : NOTE_TEXT.truncated(n);
  }
  return NOTE_TEXT[kind](n);
}

/** Format, frames, and a row per kind of note or issue that occurred, with its count. */
export function CaptureTable({ c }: { c: CaptureReport }): ReactNode {
  const notes = NOTE_KINDS.filter((k) => c.noteCounts[k] > 0);
  const issues = ISSUE_KINDS.filter((k) => c.issueCounts[k] > 0);
  return (
    <table className="data capture" aria-label="Capture file">
      <caption>
        Capture file<span className="caption-note">dissected in the browser into tshark's fields</span>
      </caption>
      <tbody>
        <tr>
          <th scope="row">Format</th>
          <td>{c.format}</td>
        </tr>
        <tr>
          <th scope="row">Frames</th>
          <td className="num">{formatCount(c.frames)}</td>
        </tr>
        {notes.length + issues.length === 0 && (
          <tr className="zero">
            <th scope="row">Problems</th>
            <td>none: every frame read and dissected</td>
          </tr>
        )}
        {notes.map((k) => (
          <tr key={k} data-kind={k}>
            <th scope="row">{noteSentence(c, k)}</th>
            <td className="num">{formatCount(c.noteCounts[k])}</td>
          </tr>
        ))}
        {issues.map((k) => (
          <tr key={k} data-kind={k}>
            <th scope="row">{ISSUE_TEXT[k](c.issueCounts[k])}</th>
            <td className="num">{formatCount(c.issueCounts[k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The first notes (by byte offset in the decompressed file) and issues (by frame number) of each kind. */
export function CaptureProblemsTable({ c }: { c: CaptureReport }): ReactNode {
  if (c.notes.length + c.issues.length === 0) return null;
  return (
    <table className="data issues" aria-label="Capture problems">
      <caption>
        Capture problems
        <span className="caption-note">
          first 20 of each kind; bytes of the decompressed file, frames numbered from 1
        </span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Where</th>
          <th scope="col">Kind</th>
          <th scope="col">Detail</th>
        </tr>
      </thead>
      <tbody>
        {c.notes.map((n, k) => (
          <tr key={`n${k}`}>
            <td className="num">byte {formatCount(n.offset)}</td>
            <td>{n.kind}</td>
            <td className="detail">{n.detail}</td>
          </tr>
        ))}
        {c.issues.map((i, k) => (
          <tr key={`i${k}`}>
            <td className="num">frame {formatCount(i.frame)}</td>
            <td>{i.kind}</td>
            <td className="detail">{i.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
