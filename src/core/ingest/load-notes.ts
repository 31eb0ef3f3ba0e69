/**
 * What was odd about a loaded CSV, in words for the user: how it was written when that is not tshark's CSV
 * (UTF-16, tabs, semicolons, decimal commas, several occurrences in a cell), and damage that cost lines. The
 * workbench lists these above the summary and the CLI prints them, so a file that loads "anyway" never hides
 * what was done to read it.
 */
import type { LoadSummary, TextReport } from './load-report.ts';

const ENCODING_NAME: Readonly<Record<TextReport['encoding'], string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
};

export function loadNotes(s: LoadSummary): string[] {
  const notes: string[] = [];
  const t = s.text;
  if (t) {
    notes.push(...howWritten(t));
    if (t.decimalCommas > 0) {
      notes.push(`${count(t.decimalCommas, 'number')} written with a decimal comma (0,000123) read as decimals`);
    }
    if (t.firstOccurrences > 0) {
      notes.push(
        `${count(t.firstOccurrences, 'cell')} held several occurrences of a field (tshark's default ` +
          '-E occurrence=a); the first of each was kept, as -E occurrence=f does',
      );
    }
    if (t.notUtf8Values > 0) {
      notes.push(
        `${count(t.notUtf8Values, 'text value')} held bytes that are not UTF-8 (Latin-1 or Windows-1252?), ` +
          'shown as \uFFFD',
      );
    }
  }
  const nul = s.skipped['nul-bytes'];
  if (nul > 0) notes.push(`${count(nul, 'line')} with NUL bytes skipped (${linesOf(s, 'nul-bytes', nul)})`);
  return notes;
}

/** How the text was written, as soon as the header is read: what the sensor says of its CSV input too. */
export function howWritten(t: Pick<TextReport, 'encoding' | 'bom' | 'separator'>): string[] {
  const notes: string[] = [];
  if (t.encoding !== 'utf-8') {
    notes.push(
      `${ENCODING_NAME[t.encoding]} text${t.bom ? '' : ' (no byte-order mark)'}, converted to UTF-8` +
        (t.encoding === 'utf-16le' && t.bom ? ' (as a Windows PowerShell > redirect writes it)' : ''),
    );
  }
  if (t.separator === 'tab') notes.push("Tab-separated (tshark's default -T fields output)");
  if (t.separator === 'semicolon') notes.push('Semicolon-separated (as a spreadsheet saves CSV in a European locale)');
  return notes;
}

function count(n: number, what: string): string {
  return `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
}

/** "line 12", "lines 12, 40, 41", or the listed ones and how many more. */
function linesOf(s: LoadSummary, kind: 'nul-bytes', total: number): string {
  const lines = s.issues.filter((i) => i.kind === kind).map((i) => i.line.toLocaleString('en-US'));
  const more = total - lines.length;
  const rest = more > 0 ? `, and ${more.toLocaleString('en-US')} more` : '';
  return `line${total === 1 ? '' : 's'} ${lines.join(', ')}${rest}`;
}
