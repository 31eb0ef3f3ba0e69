/** Words for what a conversion found in the capture, for stderr. */
import type { CaptureReport } from '../../src/core/ingest/pcap/capture-columns.ts';

export function describeCapture(r: CaptureReport): string[] {
  const lines = [`${r.format}: ${r.frames.toLocaleString('en-US')} frames`];
  for (const n of r.notes) lines.push(`  ${n.kind} at byte ${n.offset.toLocaleString('en-US')}: ${n.detail}`);
  for (const [kind, count] of Object.entries(r.noteCounts)) {
    const listed = r.notes.filter((n) => n.kind === kind).length;
    if (count > listed) lines.push(`  ... ${count - listed} more ${kind}`);
  }
  for (const [kind, count] of Object.entries(r.issueCounts)) {
    if (count > 0) lines.push(`  ${count.toLocaleString('en-US')} frames: ${kind}`);
  }
  for (const i of r.issues) lines.push(`  frame ${i.frame}: ${i.kind}: ${i.detail}`);
  return lines;
}
