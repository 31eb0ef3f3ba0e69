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

/** A deterministic pseudo-random generator (mulberry32), so a failing random sequence can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
