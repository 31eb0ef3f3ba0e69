/**
 * The names a filter may use and what each one is: the field catalogue, the open table's own columns,
 * Wireshark's either-end fields and the protocol names.
 */
import { FIELD_CATALOGUE, type FieldType } from '../ingest/field-catalogue.ts';
import type { PacketTable } from '../table/packet-table.ts';
import { PRESENCE_ALIASES, PROTOCOL_NAMES, tableProtocols } from './protocol-presence.ts';

/**
 * Wireshark's fields that stand for both ends of a packet (`ip.addr` is ip.src and ip.dst): a comparison
 * looks at each end that is present.
 */
export const EITHER_END: Readonly<Record<string, { readonly type: FieldType; readonly columns: readonly string[] }>> = {
  'ip.addr': { type: 'ipv4', columns: ['ip.src', 'ip.dst'] },
  'ipv6.addr': { type: 'ipv6', columns: ['ipv6.src', 'ipv6.dst'] },
  'eth.addr': { type: 'mac', columns: ['eth.src', 'eth.dst'] },
  'tcp.port': { type: 'u16', columns: ['tcp.srcport', 'tcp.dstport'] },
  'udp.port': { type: 'u16', columns: ['udp.srcport', 'udp.dstport'] },
};

/** The columns a field name reads: two for an either-end field, else the column of that name. */
export function fieldColumns(name: string): readonly string[] {
  return EITHER_END[name]?.columns ?? [name];
}

/** What a resolved name is: a comparable field of a type, or a name that can only be tested for presence. */
export type FieldKind = { readonly kind: 'field'; readonly type: FieldType } | { readonly kind: 'presence-only' };

export interface FilterSchema {
  readonly names: ReadonlyMap<string, FieldKind>;
}

/** The names known with no table open, plus the columns and protocols of `table` when given. */
export function filterSchema(table?: PacketTable): FilterSchema {
  const names = new Map<string, FieldKind>();
  for (const p of PROTOCOL_NAMES) names.set(p, { kind: 'presence-only' });
  if (table) for (const p of tableProtocols(table)) names.set(p, { kind: 'presence-only' });
  for (const a of Object.keys(PRESENCE_ALIASES)) names.set(a, { kind: 'presence-only' });
  for (const s of FIELD_CATALOGUE) names.set(s.name, { kind: 'field', type: s.type });
  for (const [name, e] of Object.entries(EITHER_END)) names.set(name, { kind: 'field', type: e.type });
  // The table's own type wins: a column the catalogue does not know is text.
  if (table) for (const c of table.columns) names.set(c.name, { kind: 'field', type: c.type });
  return { names };
}

/** The canonical spelling of a known name (exact first, then ignoring case), or undefined. */
export function resolveName(schema: FilterSchema, name: string): string | undefined {
  if (schema.names.has(name)) return name;
  const lower = name.toLowerCase();
  for (const k of schema.names.keys()) if (k.toLowerCase() === lower) return k;
  return undefined;
}

/** The known name closest to `name` by edit distance, when close enough to be a likely typo. */
export function suggestName(schema: FilterSchema, name: string): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = limit + 1;
  for (const k of schema.names.keys()) {
    if (Math.abs(k.length - name.length) >= bestD) continue;
    const d = editDistance(lower, k.toLowerCase(), bestD);
    // On a tie, a name that starts like the typed one is the likelier intent ('htp': http, not ftp).
    if (d < bestD || (d === bestD && best !== undefined && tieBreak(lower, k, best) < 0)) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= limit ? best : undefined;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function tieBreak(typed: string, a: string, b: string): number {
  return commonPrefix(typed, b.toLowerCase()) - commonPrefix(typed, a.toLowerCase()) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Levenshtein distance; stops early once every path exceeds `cap`. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > cap) return rowMin;
    prev = cur;
  }
  return prev[b.length];
}
