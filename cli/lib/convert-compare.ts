/**
 * Cell-by-cell comparison of two CSVs in tshark's `-T fields -E quote=d` layout (ours against tshark's):
 * agreement per field, with the first few differing rows of each. `frame.time` is compared as the same
 * instant (its text depends on the zone names of the machine that printed it), everything else as text.
 * Used by cli/convert.test.ts and by the hand check on the whole lab-a capture (bench/pcap.bench.ts).
 */

/** Splits one line of tshark's CSV: values in double quotes (a quote inside is not escaped), empty bare. */
export function splitTsharkLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      // The closing quote is the one followed by a comma or the end of the line.
      let end = line.indexOf('"', i + 1);
      while (end >= 0 && end + 1 < line.length && line[end + 1] !== ',') end = line.indexOf('"', end + 1);
      if (end < 0) end = line.length;
      out.push(line.slice(i + 1, end));
      i = end + 1;
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end;
    }
    if (i >= line.length) return out;
    i++; // the comma
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Zone abbreviations strftime and CLDR print for the zones tests use, as minutes east of UTC. */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
  BST: 60,
  JST: 540,
};

/** `Nov 22, 2026 15:12:33.952647464 EST` as [seconds since the epoch, nanoseconds], or null. */
export function frameTimeInstant(text: string): [number, number] | null {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}), (\d{4}) (\d{2}):(\d{2}):(\d{2})\.(\d{9}) (\S+)$/.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[1]);
  if (month < 0) return null;
  let offset = ZONES[m[8]];
  if (offset === undefined) {
    const g = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(m[8]);
    if (!g) return null;
    offset = (g[1] === '-' ? -1 : 1) * (Number(g[2]) * 60 + Number(g[3] ?? 0));
  }
  const local = Date.UTC(Number(m[3]), month, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  return [local - offset * 60, Number(m[7])];
}

function sameCell(field: string, a: string, b: string): boolean {
  if (a === b) return true;
  if (field !== 'frame.time') return false;
  const x = frameTimeInstant(a);
  const y = frameTimeInstant(b);
  return x !== null && y !== null && x[0] === y[0] && x[1] === y[1];
}

export interface FieldAgreement {
  readonly field: string;
  readonly agree: number;
  readonly differ: number;
  /** The first few differences: 1-based row, expected (tshark), actual (ours). */
  readonly examples: readonly { readonly row: number; readonly expected: string; readonly actual: string }[];
}

export interface CsvComparison {
  readonly rowsExpected: number;
  readonly rowsActual: number;
  /** Fields of the expected header missing from the actual one. */
  readonly missingFields: readonly string[];
  readonly fields: readonly FieldAgreement[];
  readonly cells: number;
  readonly cellsAgree: number;
}

/** Incremental: feed both files' lines in step (the expected one may carry extra columns, ignored). */
export class CsvComparer {
  private expNames: string[] | null = null;
  private actIndex: number[] = [];
  private agree: number[] = [];
  private differ: number[] = [];
  private examples: { row: number; expected: string; actual: string }[][] = [];
  private rowsE = 0;
  private rowsA = 0;
  private missing: string[] = [];

  constructor(private readonly maxExamples = 5) {}

  /** The header lines; fields compared are the expected header's that the actual header has. */
  header(expected: string, actual: string): void {
    const e = splitTsharkLine(expected);
    const a = splitTsharkLine(actual);
    this.expNames = e;
    this.actIndex = e.map((n) => a.indexOf(n));
    this.missing = e.filter((_, i) => this.actIndex[i] < 0);
    this.agree = e.map(() => 0);
    this.differ = e.map(() => 0);
    this.examples = e.map(() => []);
  }

  /** One row of each (either may be undefined when one file has more rows than the other). */
  row(expected: string | undefined, actual: string | undefined): void {
    const names = this.expNames;
    if (!names) throw new Error('header() first');
    if (expected !== undefined) this.rowsE++;
    if (actual !== undefined) this.rowsA++;
    const e = expected !== undefined ? splitTsharkLine(expected) : [];
    const a = actual !== undefined ? splitTsharkLine(actual) : [];
    const row = Math.max(this.rowsE, this.rowsA);
    for (let i = 0; i < names.length; i++) {
      const j = this.actIndex[i];
      if (j < 0) continue;
      const ev = e[i] ?? '';
      const av = a[j] ?? '';
      if (expected !== undefined && actual !== undefined && sameCell(names[i], ev, av)) this.agree[i]++;
      else {
        this.differ[i]++;
        if (this.examples[i].length < this.maxExamples) {
          this.examples[i].push({
            row,
            expected: expected === undefined ? '(no row)' : ev,
            actual: actual === undefined ? '(no row)' : av,
          });
        }
      }
    }
  }

  result(): CsvComparison {
    const names = this.expNames ?? [];
    const fields = names
      .map((field, i) => ({ field, agree: this.agree[i], differ: this.differ[i], examples: this.examples[i] }))
      .filter((_, i) => this.actIndex[i] >= 0);
    const cells = fields.reduce((s, f) => s + f.agree + f.differ, 0);
    const cellsAgree = fields.reduce((s, f) => s + f.agree, 0);
    return { rowsExpected: this.rowsE, rowsActual: this.rowsA, missingFields: this.missing, fields, cells, cellsAgree };
  }
}

/** Compares two whole CSV texts. */
export function compareCsvText(expected: string, actual: string, maxExamples = 5): CsvComparison {
  const el = expected.split('\n');
  const al = actual.split('\n');
  if (el[el.length - 1] === '') el.pop();
  if (al[al.length - 1] === '') al.pop();
  const c = new CsvComparer(maxExamples);
  c.header(el[0] ?? '', al[0] ?? '');
  for (let i = 1; i < Math.max(el.length, al.length); i++) c.row(el[i], al[i]);
  return c.result();
}

/** One line per field: `field  agree/total  (pct)`, then examples of the differing ones. */
export function describeComparison(c: CsvComparison): string[] {
  const lines = [
    `rows: expected ${c.rowsExpected}, actual ${c.rowsActual}; cells agreeing ${c.cellsAgree}/${c.cells}` +
      ` (${((100 * c.cellsAgree) / Math.max(1, c.cells)).toFixed(4)}%)`,
  ];
  if (c.missingFields.length) lines.push(`missing fields: ${c.missingFields.join(', ')}`);
  for (const f of c.fields) {
    const total = f.agree + f.differ;
    lines.push(
      `${f.field.padEnd(28)} ${String(f.agree).padStart(8)}/${total} ${f.differ ? `DIFFER ${f.differ}` : 'ok'}`,
    );
    for (const x of f.examples)
      lines.push(`    row ${x.row}: tshark ${JSON.stringify(x.expected)} ours ${JSON.stringify(x.actual)}`);
  }
  return lines;
}
