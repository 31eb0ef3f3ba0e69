/**
 * The logic of `npm run query`: loads a tshark CSV with the browser's own loader, runs each display filter
 * with the browser's own engine (src/core/query) and says how many rows match. Returns what to print and
 * the exit status instead of printing, so tests call it without spawning a process.
 */
import type { PacketTable } from '../../src/core/table/packet-table.ts';
import { LoadError } from '../../src/core/ingest/csv-load.ts';
import { loadNotes } from '../../src/core/ingest/load-notes.ts';
import { countMatches, evaluateFilter } from '../../src/core/query/filter-eval.ts';
import { filterSchema } from '../../src/core/query/filter-fields.ts';
import { parseFilter } from '../../src/core/query/filter-parser.ts';
import { parseCliArgs } from './cli-args.ts';
import { errnoOf, reasonOf } from './error-words.ts';
import { loadCsvFile } from './load-csv-file.ts';

export const USAGE = `usage: npm run query -- --data FILE --filter EXPR [--filter EXPR ...]

Counts the rows of a tshark CSV export (.csv or .csv.gz; gzip is told by content) that match each
Wireshark-style display filter, with the same engine as the workbench's filter bar.
Prints one JSON line per filter, in the order given: {"filter":"tcp.port == 80","rows":1234}

  -d, --data FILE     the CSV file (tshark -T fields -E header=y -E separator=, -E quote=d ...)
  -f, --filter EXPR   a display filter; repeat for several
  -h, --help          this text

Exit status: 0 all filters ran; 1 the data file could not be read; 2 a filter or the command line is wrong
(the other filters still print their lines).`;

export interface QueryOutcome {
  /** Lines for stdout (one JSON object per good filter, or the usage text for --help). */
  readonly lines: string[];
  /** Lines for stderr. */
  readonly errors: string[];
  readonly exitCode: 0 | 1 | 2;
}

export interface QueryLine {
  readonly filter: string;
  readonly rows: number;
}

type Parsed =
  | { readonly kind: 'help' }
  | { readonly kind: 'run'; readonly data: string; readonly filters: string[] }
  | { readonly kind: 'usage'; readonly message: string };

export function parseQueryArgs(argv: readonly string[]): Parsed {
  const parsed = parseCliArgs(argv, {
    data: { type: 'string', short: 'd' },
    filter: { type: 'string', short: 'f', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return { kind: 'usage', message: parsed.error };
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.data === undefined || values.data === '')
    return { kind: 'usage', message: 'no data file: give --data FILE' };
  const filters = values.filter ?? [];
  if (filters.length === 0) return { kind: 'usage', message: 'no filter: give at least one --filter EXPR' };
  return { kind: 'run', data: values.data, filters };
}

/** Runs `npm run query -- ARGV` and returns what it prints and its exit status. */
export async function runQuery(argv: readonly string[]): Promise<QueryOutcome> {
  const parsed = parseQueryArgs(argv);
  if (parsed.kind === 'help') return { lines: USAGE.split('\n'), errors: [], exitCode: 0 };
  if (parsed.kind === 'usage')
    return { lines: [], errors: [`query: ${parsed.message}`, '', ...USAGE.split('\n')], exitCode: 2 };

  let table: PacketTable;
  let notes: string[];
  try {
    const loaded = await loadCsvFile(parsed.data);
    table = loaded.table;
    const summary = loaded.summary;
    // What was odd about the file (UTF-16, tabs, lines skipped for NUL bytes), on stderr: it does not fail the run.
    notes = loadNotes(summary).map((n) => `query: ${parsed.data}: ${n}`);
  } catch (e) {
    return { lines: [], errors: [`query: ${parsed.data}: ${describeLoadFailure(e)}`], exitCode: 1 };
  }

  const schema = filterSchema(table);
  const lines: string[] = [];
  const errors: string[] = [];
  parsed.filters.forEach((text, i) => {
    const r = parseFilter(text, schema);
    if (!r.ok) {
      const column = r.error.position + 1;
      errors.push(`query: filter ${i + 1} ${JSON.stringify(text)}: ${r.error.message} (at column ${column})`);
      errors.push(`  ${text}`);
      errors.push(`  ${' '.repeat(Math.max(0, Math.min(r.error.position, text.length)))}^`);
      return;
    }
    const line: QueryLine = { filter: text, rows: countMatches(evaluateFilter(table, r.value)) };
    lines.push(JSON.stringify(line));
  });
  return { lines, errors: [...notes, ...errors], exitCode: errors.length > 0 ? 2 : 0 };
}

function describeLoadFailure(e: unknown): string {
  if (e instanceof LoadError) return e.where ? `${e.message} (${e.where})` : e.message;
  if (errnoOf(e)?.code === 'EISDIR') return 'is a directory, not a CSV file';
  return reasonOf(e);
}
