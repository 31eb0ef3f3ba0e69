/**
 * For the labels tests: tables from CSV text (through CsvLoad, as the app loads them) and a MaskOf that
 * evaluates display filters on a table and caches them by text, as the engine worker does.
 */
import { CsvLoad } from '../ingest/csv-load.ts';
import { evaluateFilter } from '../query/filter-eval.ts';
import { filterSchema } from '../query/filter-fields.ts';
import { parseFilter } from '../query/filter-parser.ts';
import type { PacketTable } from '../table/packet-table.ts';
import type { MaskOf } from './label-engine.ts';
import { mulberry32 } from '../model/prng.ts';

export function tableFromCsv(text: string | Uint8Array, parsers = 1): PacketTable {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const load = new CsvLoad({ fileName: 't.csv', fileBytes: bytes.length, compressed: false, parsers });
  for (let at = 0; at < bytes.length; at += 1 << 16) load.push(bytes.slice(at, at + (1 << 16)));
  return load.finish().table;
}

export function cachedMaskOf(table: PacketTable): MaskOf & { readonly evaluated: () => number } {
  const schema = filterSchema(table);
  const cache = new Map<string, ReturnType<MaskOf>>();
  let evaluated = 0;
  const maskOf = (filter: string): ReturnType<MaskOf> => {
    let m = cache.get(filter);
    if (!m) {
      const p = parseFilter(filter, schema);
      evaluated++;
      m = p.ok ? { ok: true, mask: evaluateFilter(table, p.value) } : { ok: false, message: p.error.message };
      cache.set(filter, m);
    }
    return m;
  };
  return Object.assign(maskOf, { evaluated: () => evaluated });
}

/** A deterministic pseudo-random generator, so a failing random sequence can be replayed. */
export const seeded = mulberry32;
