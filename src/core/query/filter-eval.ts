/**
 * Runs a parsed filter over a PacketTable, a column at a time, into a row mask (1 = the row matches).
 *
 * Each test becomes a predicate on one column's values that is applied as cheaply as that column allows:
 * once per dictionary entry for strings (so `contains` or `matches` runs per distinct value, not per row),
 * through a lookup table over every possible value for 8- and 16-bit integers, and per row only for 32-bit
 * integers, floats and times. The masks of the tests are then combined with && || !.
 *
 * Absent values follow Wireshark 4: a comparison is false where the field is absent, whatever the operator
 * (`tcp.port != 80` is false on a UDP packet); `!` negates the whole test (`!(tcp.port == 80)` is true there).
 */
import { knownField } from '../ingest/field-catalogue.ts';
import { findColumn, type Column, type PacketTable } from '../table/packet-table.ts';
import type { CompareOp, FilterAst, FilterNode, FilterValue, SetMember } from './filter-ast.ts';
import { EITHER_END, fieldColumns } from './filter-fields.ts';
import { ipv4Mask, ipv6InBlock, normalizeMac, parseIpv4, parseIpv6, parseNumber } from './filter-literals.ts';
import { columnPresence, PRESENCE_ALIASES, protocolPresence } from './protocol-presence.ts';

/** A value test in each of the forms a column can hold; a form left out never matches. */
interface Matcher {
  /** The integers accepted, as inclusive [low, high] ranges: lets integer columns skip calling `num`. */
  readonly ints?: readonly IntRange[];
  readonly num?: (v: number) => boolean;
  readonly str?: (s: string) => boolean;
  readonly time?: (us: number, ns: number) => boolean;
}

type Order = 'eq' | 'lt' | 'le' | 'gt' | 'ge';
type IntRange = readonly [number, number];

const INT_MAX = 0xffffffff;

/** The integers `v` with `v <order> x`, as inclusive ranges (empty when none). */
function intRanges(x: number, order: Order): IntRange[] {
  const r = ((): IntRange => {
    switch (order) {
      case 'eq':
        return Number.isInteger(x) ? [x, x] : [1, 0];
      case 'lt':
        return [0, Math.ceil(x) - 1];
      case 'le':
        return [0, Math.floor(x)];
      case 'gt':
        return [Math.floor(x) + 1, INT_MAX];
      case 'ge':
        return [Math.ceil(x), INT_MAX];
      default: {
        const never: never = order;
        return never;
      }
    }
  })();
  const lo = Math.max(0, r[0]);
  const hi = Math.min(INT_MAX, r[1]);
  return lo <= hi ? [[lo, hi]] : [];
}

/** The rows of `table` that `ast` matches. */
export function evaluateFilter(table: PacketTable, ast: FilterAst): Uint8Array {
  return evalNode(table, ast);
}

export function countMatches(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}

function evalNode(table: PacketTable, node: FilterNode): Uint8Array {
  const n = table.rowCount;
  switch (node.kind) {
    case 'and': {
      const out = evalNode(table, node.terms[0]);
      for (let k = 1; k < node.terms.length; k++) {
        const m = evalNode(table, node.terms[k]);
        for (let i = 0; i < n; i++) out[i] &= m[i];
      }
      return out;
    }
    case 'or': {
      const out = evalNode(table, node.terms[0]);
      for (let k = 1; k < node.terms.length; k++) {
        const m = evalNode(table, node.terms[k]);
        for (let i = 0; i < n; i++) out[i] |= m[i];
      }
      return out;
    }
    case 'not': {
      const out = evalNode(table, node.operand);
      for (let i = 0; i < n; i++) out[i] ^= 1;
      return out;
    }
    case 'present':
      return presence(table, node.field.name);
    case 'compare':
      return compare(table, node.field.name, node.op, matcherFor(node.value, baseOrder(node.op)));
    case 'in':
      return compare(table, node.field.name, 'eq', setMatcher(node.members));
    case 'contains': {
      const needle = node.value;
      return compare(table, node.field.name, 'eq', { str: (s) => s.includes(needle) });
    }
    case 'matches': {
      const re = new RegExp(node.pattern, node.flags);
      return compare(table, node.field.name, 'eq', { str: (s) => re.test(s) });
    }
    case 'bitand': {
      const mask = node.mask;
      return compare(table, node.field.name, 'eq', { num: (v) => (v & mask) !== 0 });
    }
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** A bare name: an alias's column, the columns of a field, or else a protocol layer. */
function presence(table: PacketTable, name: string): Uint8Array {
  const alias = PRESENCE_ALIASES[name];
  const cols = alias !== undefined ? [alias] : fieldColumns(name);
  const found = cols.map((c) => findColumn(table, c)).filter((c): c is Column => c !== undefined);
  if (found.length > 0)
    return anyOf(
      table,
      found.map((c) => columnPresence(table, c)),
    );
  // A known field the table lacks is absent everywhere, as a field tshark did not export.
  if (alias !== undefined || EITHER_END[name] || knownField(name)) return new Uint8Array(table.rowCount);
  return protocolPresence(table, name);
}

function anyOf(table: PacketTable, masks: Uint8Array[]): Uint8Array {
  const out = masks[0];
  for (let k = 1; k < masks.length; k++) {
    const m = masks[k];
    for (let i = 0; i < table.rowCount; i++) out[i] |= m[i];
  }
  return out;
}

/**
 * Applies a comparison over every occurrence of the field (one column, or both ends of an either-end
 * field) with Wireshark 4's quantifiers: `eq`/ordering = any occurrence, `ne` = all occurrences differ,
 * `all_eq` = all equal, `any_ne` = some differs; always false where the field has no occurrence.
 */
function compare(table: PacketTable, field: string, op: CompareOp, m: Matcher): Uint8Array {
  const n = table.rowCount;
  const cols = fieldColumns(field)
    .map((c) => findColumn(table, c))
    .filter((c): c is Column => c !== undefined);
  if (cols.length === 0) return new Uint8Array(n);
  switch (op) {
    case 'eq':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return anyOf(
        table,
        cols.map((c) => testColumn(table, c, m)),
      );
    case 'ne': {
      const present = anyOf(
        table,
        cols.map((c) => columnPresence(table, c)),
      );
      const hit = anyOf(
        table,
        cols.map((c) => testColumn(table, c, m)),
      );
      for (let i = 0; i < n; i++) present[i] &= hit[i] ^ 1;
      return present;
    }
    case 'any_ne': {
      const out = new Uint8Array(n);
      for (const c of cols) {
        const p = columnPresence(table, c);
        const hit = testColumn(table, c, m);
        for (let i = 0; i < n; i++) out[i] |= p[i] & (hit[i] ^ 1);
      }
      return out;
    }
    case 'all_eq': {
      const any = new Uint8Array(n);
      const all = new Uint8Array(n).fill(1);
      for (const c of cols) {
        const p = columnPresence(table, c);
        const hit = testColumn(table, c, m);
        for (let i = 0; i < n; i++) {
          any[i] |= p[i];
          all[i] &= (p[i] ^ 1) | hit[i];
        }
      }
      for (let i = 0; i < n; i++) any[i] &= all[i];
      return any;
    }
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** 1 where the column has a value and the matcher accepts it. */
function testColumn(table: PacketTable, c: Column, m: Matcher): Uint8Array {
  const n = table.rowCount;
  const out = new Uint8Array(n);
  switch (c.kind) {
    case 'int': {
      if (m.ints) return testIntRanges(n, c.values, c.present, m.ints);
      const f = m.num;
      if (!f) return out;
      const values = c.values;
      const p = c.present;
      if (values instanceof Uint32Array) {
        for (let i = 0; i < n; i++) if ((p[i >>> 3] >>> (i & 7)) & 1 && f(values[i])) out[i] = 1;
        return out;
      }
      // Every possible 8- or 16-bit value tested once, then one table look-up per row.
      const lut = new Uint8Array(values instanceof Uint8Array ? 256 : 65536);
      for (let v = 0; v < lut.length; v++) lut[v] = f(v) ? 1 : 0;
      return lookUp(n, values, p, lut);
    }
    case 'float': {
      const f = m.num;
      if (!f) return out;
      const values = c.values;
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (!Number.isNaN(v) && f(v)) out[i] = 1;
      }
      return out;
    }
    case 'string': {
      const f = m.str;
      if (!f) return out;
      const hit = new Uint8Array(c.dict.length);
      for (let k = 1; k < c.dict.length; k++) hit[k] = f(c.dict[k]) ? 1 : 0;
      const codes = c.codes;
      for (let i = 0; i < n; i++) out[i] = hit[codes[i]];
      return out;
    }
    case 'time': {
      const f = m.time;
      if (!f) return out;
      const us = table.timeUs;
      const ns = table.timeNs;
      for (let i = 0; i < n; i++) if (f(us[i], ns[i])) out[i] = 1;
      return out;
    }
    default: {
      const never: never = c;
      return never;
    }
  }
}

/** Rows whose value lies in one of `ranges`, read a presence byte (8 rows) at a time. */
function testIntRanges(
  n: number,
  values: Uint8Array | Uint16Array | Uint32Array,
  p: Uint8Array,
  ranges: readonly IntRange[],
): Uint8Array {
  if (!(values instanceof Uint32Array)) {
    const lut = new Uint8Array(values instanceof Uint8Array ? 256 : 65536);
    for (const [lo, hi] of ranges) if (lo < lut.length) lut.fill(1, lo, Math.min(hi, lut.length - 1) + 1);
    return lookUp(n, values, p, lut);
  }
  const out = new Uint8Array(n);
  if (ranges.length === 0) return out;
  const nb = (n + 7) >>> 3;
  if (ranges.length === 1) {
    const [lo, hi] = ranges[0];
    for (let b = 0; b < nb; b++) {
      const bits = p[b];
      if (bits === 0) continue;
      const base = b << 3;
      const end = Math.min(base + 8, n);
      for (let i = base; i < end; i++) {
        const v = values[i];
        out[i] = (bits >>> (i - base)) & (v >= lo && v <= hi ? 1 : 0);
      }
    }
    return out;
  }
  for (let b = 0; b < nb; b++) {
    const bits = p[b];
    if (bits === 0) continue;
    const base = b << 3;
    const end = Math.min(base + 8, n);
    for (let i = base; i < end; i++) {
      if (((bits >>> (i - base)) & 1) === 0) continue;
      const v = values[i];
      for (let k = 0; k < ranges.length; k++) {
        if (v >= ranges[k][0] && v <= ranges[k][1]) {
          out[i] = 1;
          break;
        }
      }
    }
  }
  return out;
}

function lookUp(n: number, values: Uint8Array | Uint16Array | Uint32Array, p: Uint8Array, lut: Uint8Array): Uint8Array {
  const out = new Uint8Array(n);
  const nb = (n + 7) >>> 3;
  for (let b = 0; b < nb; b++) {
    const bits = p[b];
    if (bits === 0) continue;
    const base = b << 3;
    const end = Math.min(base + 8, n);
    for (let i = base; i < end; i++) out[i] = lut[values[i]] & (bits >>> (i - base));
  }
  return out;
}

/** The comparison the operator makes on one occurrence; the quantifier is applied by `compare`. */
function baseOrder(op: CompareOp): Order {
  switch (op) {
    case 'eq':
    case 'ne':
    case 'all_eq':
    case 'any_ne':
      return 'eq';
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return op;
    default: {
      const never: never = op;
      return never;
    }
  }
}

function ordered<T>(a: T, b: T, order: Order): boolean {
  switch (order) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    default: {
      const never: never = order;
      return never;
    }
  }
}

/** A row time against a time literal, as (whole microseconds, nanoseconds) pairs so no precision is lost. */
function orderedTime(us: number, ns: number, lit: readonly [number, number], order: Order): boolean {
  const d = us !== lit[0] ? us - lit[0] : ns - lit[1];
  return ordered(d, 0, order);
}

/** Seconds since the epoch as written (`1795378353.952647464`) to exact microseconds and nanoseconds. */
export function epochParts(text: string, value: number): [number, number] {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(text.trim());
  if (!m) {
    const us = Math.floor(value * 1e6);
    return [us, Math.round((value * 1e6 - us) * 1000)];
  }
  const frac = (m[2] ?? '').padEnd(9, '0');
  return [Number(m[1]) * 1e6 + Number(frac.slice(0, 6)), Number(frac.slice(6, 9))];
}

function compareGroups(a: readonly number[], b: readonly number[]): number {
  for (let g = 0; g < 8; g++) if (a[g] !== b[g]) return a[g] - b[g];
  return 0;
}

function matcherFor(v: FilterValue, order: Order): Matcher {
  switch (v.kind) {
    case 'number': {
      const x = v.value;
      const t = epochParts(v.text, x);
      return {
        ints: intRanges(x, order),
        num: (n) => ordered(n, x, order),
        str: (s) => {
          const n = parseNumber(s);
          return n !== null && ordered(n, x, order);
        },
        time: (us, ns) => orderedTime(us, ns, t, order),
      };
    }
    case 'ipv4': {
      const { address, prefix } = v;
      if (prefix < 32) {
        const mask = ipv4Mask(prefix);
        return {
          ints: [[address, address + (INT_MAX - mask)]],
          num: (n) => (n & mask) >>> 0 === address,
          str: (s) => {
            const a = parseIpv4(s);
            return a !== null && (a & mask) >>> 0 === address;
          },
        };
      }
      return {
        ints: intRanges(address, order),
        num: (n) => ordered(n, address, order),
        str: (s) => {
          const a = parseIpv4(s);
          return a !== null && ordered(a, address, order);
        },
      };
    }
    case 'ipv6': {
      const { groups, prefix } = v;
      return {
        str: (s) => {
          const g = parseIpv6(s);
          if (!g) return false;
          return prefix < 128 ? ipv6InBlock(g, groups, prefix) : ordered(compareGroups(g, groups), 0, order);
        },
      };
    }
    case 'mac': {
      const mac = v.value;
      return { str: (s) => ordered(normalizeMac(s) ?? s.toLowerCase(), mac, order) };
    }
    case 'string': {
      const text = v.value;
      const n = parseNumber(text);
      return {
        str: (s) => ordered(s, text, order),
        num: n === null ? undefined : (x) => ordered(x, n, order),
      };
    }
    default: {
      const never: never = v;
      return never;
    }
  }
}

function setMatcher(members: readonly SetMember[]): Matcher {
  const parts = members.map((m): Matcher => {
    if (m.kind === 'one') return matcherFor(m.value, 'eq');
    const lo = matcherFor(m.low, 'ge');
    const hi = matcherFor(m.high, 'le');
    const loTime = lo.time;
    const hiTime = hi.time;
    const loInts = lo.ints?.[0] ?? [1, 0];
    const hiInts = hi.ints?.[0] ?? [1, 0];
    const range: IntRange = [Math.max(loInts[0], hiInts[0]), Math.min(loInts[1], hiInts[1])];
    return {
      ints: lo.ints && hi.ints ? (range[0] <= range[1] ? [range] : []) : undefined,
      num: lo.num && hi.num ? both(lo.num, hi.num) : undefined,
      str: lo.str && hi.str ? both(lo.str, hi.str) : undefined,
      time: loTime && hiTime ? (us, ns) => loTime(us, ns) && hiTime(us, ns) : undefined,
    };
  });
  const nums = parts.flatMap((p) => (p.num ? [p.num] : []));
  const strs = parts.flatMap((p) => (p.str ? [p.str] : []));
  const times = parts.flatMap((p) => (p.time ? [p.time] : []));
  const ints = parts.every((p) => p.ints) ? parts.flatMap((p) => p.ints ?? []) : undefined;
  return {
    ints,
    num: (v) => nums.some((f) => f(v)),
    str: (s) => strs.some((f) => f(s)),
    time: (us, ns) => times.some((f) => f(us, ns)),
  };
}

function both<T>(a: (v: T) => boolean, b: (v: T) => boolean): (v: T) => boolean {
  return (v) => a(v) && b(v);
}
