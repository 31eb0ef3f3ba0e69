/**
 * Parses a Wireshark-style display filter into a FilterAst (grammar in README.md).
 *
 * Precedence is Wireshark 4's: `!` binds tightest and applies to a whole test (`!tcp.port == 80` is
 * `!(tcp.port == 80)`), then `&&`, then `||`. Values are checked against their field's type here, so every
 * mistake is reported with its position before anything runs.
 */
import type { FieldType } from '../ingest/field-catalogue.ts';
import type {
  CompareOp,
  FieldRef,
  FilterAst,
  FilterNode,
  FilterValue,
  Ipv4Value,
  NumberValue,
  SetMember,
} from './filter-ast.ts';
import { filterSchema, resolveName, suggestName, type FilterSchema } from './filter-fields.ts';
import { lexFilter, type FilterError, type Token } from './filter-lexer.ts';
import { normalizeMac, parseIpv4Cidr, parseIpv6Cidr, parseNumber } from './filter-literals.ts';

export type { FilterError } from './filter-lexer.ts';
export type ParseResult =
  | { readonly ok: true; readonly value: FilterAst }
  | { readonly ok: false; readonly error: FilterError };

const SYMBOL_OPS: Readonly<Record<string, CompareOp>> = {
  '==': 'eq',
  '===': 'all_eq',
  '!=': 'ne',
  '!==': 'any_ne',
  '~=': 'any_ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
};
const WORD_OPS: Readonly<Record<string, CompareOp>> = {
  eq: 'eq',
  any_eq: 'eq',
  ne: 'ne',
  all_ne: 'ne',
  all_eq: 'all_eq',
  any_ne: 'any_ne',
  lt: 'lt',
  le: 'le',
  gt: 'gt',
  ge: 'ge',
};
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'matches', ...Object.keys(WORD_OPS)]);

const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  'u8',
  'u16',
  'u32',
  'hex8',
  'hex16',
  'hex32',
  'bool',
  'f64',
  'epoch',
]);
const INTEGER_TYPES: ReadonlySet<FieldType> = new Set<FieldType>([
  'u8',
  'u16',
  'u32',
  'hex8',
  'hex16',
  'hex32',
  'bool',
]);
const TEXT_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['string', 'mac', 'ipv6']);

const DEFAULT_SCHEMA = filterSchema();

/**
 * '(' and '!' nested deeper than this are refused: the parser recurses once per level, and 5,000 levels (a
 * rules file's filter, found by fuzzing) overflowed the stack. No filter a person writes comes near it.
 */
export const MAX_NESTING = 256;

class Stop {
  constructor(readonly error: FilterError) {}
}

/** Parses `text` against the names in `schema` (use filterSchema(table) so the table's own columns count). */
export function parseFilter(text: string, schema: FilterSchema = DEFAULT_SCHEMA): ParseResult {
  const lexed = lexFilter(text);
  if (!lexed.ok) return lexed;
  try {
    return { ok: true, value: new Parser(lexed.value, schema).parseAll() };
  } catch (e) {
    if (e instanceof Stop) return { ok: false, error: e.error };
    throw e;
  }
}

function stop(message: string, position: number, expected?: string): never {
  throw new Stop(expected === undefined ? { message, position } : { message, position, expected });
}

function quote(t: Token): string {
  return t.kind === 'end' ? 'the end of the filter' : `'${t.text}'`;
}

function looksLikeValue(text: string): boolean {
  return (
    parseNumber(text) !== null ||
    parseIpv4Cidr(text) !== null ||
    normalizeMac(text) !== null ||
    parseIpv6Cidr(text) !== null
  );
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly schema: FilterSchema,
  ) {}

  parseAll(): FilterAst {
    if (this.peek().kind === 'end') stop('the filter is empty', 0, 'a field or protocol name');
    const node = this.parseOr();
    const t = this.peek();
    if (t.kind !== 'end') {
      if (t.kind === 'punct' && t.text === ')') stop(`unexpected ')' with no '(' before it`, t.start);
      stop(`unexpected ${quote(t)}; expected '&&', '||' or the end of the filter`, t.start, "'&&', '||' or the end");
    }
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (this.at < this.tokens.length - 1) this.at++;
    return t;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_NESTING) stop(`the filter nests '(' and '!' more than ${MAX_NESTING} deep`, t.start);
  }

  private isPunct(t: Token, p: string): boolean {
    return t.kind === 'punct' && t.text === p;
  }

  private isKeyword(t: Token, k: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === k;
  }

  private parseOr(): FilterNode {
    const terms = [this.parseAnd()];
    while (this.isPunct(this.peek(), '||') || this.isKeyword(this.peek(), 'or')) {
      this.next();
      terms.push(this.parseAnd());
    }
    return terms.length === 1 ? terms[0] : { kind: 'or', terms };
  }

  private parseAnd(): FilterNode {
    const terms = [this.parseUnary()];
    while (this.isPunct(this.peek(), '&&') || this.isKeyword(this.peek(), 'and')) {
      this.next();
      terms.push(this.parseUnary());
    }
    return terms.length === 1 ? terms[0] : { kind: 'and', terms };
  }

  private parseUnary(): FilterNode {
    const t = this.peek();
    if (this.isPunct(t, '!') || this.isKeyword(t, 'not')) {
      this.next();
      this.enter(t);
      const operand = this.parseUnary();
      this.depth--;
      return { kind: 'not', operand };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): FilterNode {
    const before = this.at > 0 ? this.tokens[this.at - 1] : null;
    const t = this.next();
    if (this.isPunct(t, '(')) {
      this.enter(t);
      const inner = this.parseOr();
      this.depth--;
      const close = this.peek();
      if (!this.isPunct(close, ')')) {
        stop(`expected ')' to close the '(' at ${t.start}, got ${quote(close)}`, close.start, "')'");
      }
      this.next();
      return inner;
    }
    const after = before ? ` after '${before.text}'` : '';
    if (t.kind === 'word' && !KEYWORDS.has(t.text.toLowerCase())) {
      if (looksLikeValue(t.text) && !this.schema.names.has(t.text)) {
        stop(
          `'${t.text}' is a value, not a field or protocol name; write the field before it, as in 'tcp.port == ${t.text}'`,
          t.start,
          'a field or protocol name',
        );
      }
      return this.parseTest(t);
    }
    if (t.kind === 'string')
      stop(`expected a field or protocol name${after}, got the text ${t.text}`, t.start, 'a field or protocol name');
    stop(`expected a field or protocol name${after}, got ${quote(t)}`, t.start, 'a field or protocol name');
  }

  private field(t: Token): FieldRef {
    const name = resolveName(this.schema, t.text);
    if (name === undefined) {
      const guess = suggestName(this.schema, t.text);
      stop(
        `unknown field '${t.text}'${guess ? ` — did you mean '${guess}'?` : ''}`,
        t.start,
        'a field or protocol name',
      );
    }
    return { name, position: t.start };
  }

  /** The type a field is compared as; names that can only be tested for presence are refused here. */
  private comparableType(field: FieldRef, opToken: Token): FieldType {
    const kind = this.schema.names.get(field.name);
    if (kind?.kind === 'field') {
      if (kind.type === 'timetext') {
        stop(
          `${field.name} cannot be compared yet; compare frame.time_epoch (seconds since 1970) instead`,
          field.position,
        );
      }
      return kind.type;
    }
    const example = [...this.schema.names.keys()].find(
      (k) => k.startsWith(`${field.name}.`) && this.schema.names.get(k)?.kind === 'field',
    );
    stop(
      `'${field.name}' can only be tested alone (is it present?), not with ${quote(opToken)}${example ? `; compare one of its fields, such as '${example}'` : ''}`,
      field.position,
    );
  }

  private parseTest(nameToken: Token): FilterNode {
    const field = this.field(nameToken);
    const t = this.peek();
    const word = t.kind === 'word' ? t.text.toLowerCase() : '';
    const op = t.kind === 'punct' ? SYMBOL_OPS[t.text] : t.kind === 'word' ? WORD_OPS[word] : undefined;
    if (op !== undefined) {
      const type = this.comparableType(field, t);
      this.next();
      const value = this.value(type, field, t);
      if ((value.kind === 'ipv4' && value.prefix < 32) || (value.kind === 'ipv6' && value.prefix < 128)) {
        if (op === 'lt' || op === 'le' || op === 'gt' || op === 'ge')
          stop(`an address block (${value.text}) can only be compared with '==' or '!='`, value.position);
      }
      return { kind: 'compare', field, op, value };
    }
    if (word === 'in') {
      const type = this.comparableType(field, t);
      this.next();
      return { kind: 'in', field, members: this.set(type, field, t) };
    }
    if (word === 'not' && this.isKeyword(this.peek(1), 'in')) {
      const type = this.comparableType(field, this.peek(1));
      this.next();
      const inTok = this.next();
      return { kind: 'not', operand: { kind: 'in', field, members: this.set(type, field, inTok) } };
    }
    if (word === 'contains' || word === 'matches' || this.isPunct(t, '~')) {
      const type = this.comparableType(field, t);
      if (!TEXT_TYPES.has(type))
        stop(`'${t.text}' works on text fields; ${field.name} is a ${describeType(type)}`, t.start);
      this.next();
      const v = this.peek();
      if (v.kind !== 'string' && (v.kind !== 'word' || KEYWORDS.has(v.text.toLowerCase())))
        stop(`expected a quoted text after '${t.text}'`, v.start, 'a quoted text');
      this.next();
      const raw = v.kind === 'string' ? v.value : v.text;
      if (word === 'contains') return { kind: 'contains', field, value: type === 'string' ? raw : raw.toLowerCase() };
      // Wireshark's matches is case-insensitive unless the pattern opts out with (?-i).
      const sensitive = raw.startsWith('(?-i)');
      const pattern = sensitive ? raw.slice(5) : raw;
      try {
        new RegExp(pattern, sensitive ? '' : 'i');
      } catch (e) {
        stop(`invalid regular expression: ${e instanceof Error ? e.message : String(e)}`, v.start);
      }
      return { kind: 'matches', field, pattern, flags: sensitive ? '' : 'i' };
    }
    if (this.isPunct(t, '&')) {
      const type = this.comparableType(field, t);
      if (!INTEGER_TYPES.has(type))
        stop(`'&' works on integer fields; ${field.name} is a ${describeType(type)}`, t.start);
      this.next();
      const v = this.value(type, field, t);
      if (v.kind !== 'number' || !Number.isInteger(v.value) || v.value < 0)
        stop(`expected a whole-number mask after '&'`, v.position, 'a number');
      return { kind: 'bitand', field, mask: v.value };
    }
    if (t.kind === 'string' || (t.kind === 'word' && !KEYWORDS.has(word))) {
      stop(`expected an operator such as '==' between '${nameToken.text}' and '${t.text}'`, t.start, 'an operator');
    }
    return { kind: 'present', field };
  }

  private set(type: FieldType, field: FieldRef, inTok: Token): SetMember[] {
    const open = this.next();
    if (!this.isPunct(open, '{'))
      stop(`expected '{' after '${inTok.text}', as in 'tcp.port in {80, 443}'`, open.start, "'{'");
    const members: SetMember[] = [];
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, '}')) {
        if (members.length === 0) stop('expected a value in the set', t.start, 'a value');
        this.next();
        return members;
      }
      if (this.isPunct(t, ',') && members.length > 0) {
        this.next();
        continue;
      }
      if (t.kind === 'end') stop(`expected '}' to close the set opened at ${open.start}`, t.start, "'}'");
      const low = this.value(type, field, members.length === 0 ? open : this.tokens[this.at - 1]);
      if (!this.isPunct(this.peek(), '..')) {
        members.push({ kind: 'one', value: low });
        continue;
      }
      const dots = this.next();
      const high = this.value(type, field, dots);
      const lo = rangeEnd(low);
      const hi = rangeEnd(high);
      members.push({ kind: 'range', low: lo, high: hi });
    }
  }

  /** Reads the value after `prev` as a value of `type`. */
  private value(type: FieldType, field: FieldRef, prev: Token): FilterValue {
    const t = this.peek();
    if (t.kind !== 'string' && (t.kind !== 'word' || KEYWORDS.has(t.text.toLowerCase()))) {
      stop(`expected a value after '${prev.text}'`, t.start, 'a value');
    }
    this.next();
    const text = t.kind === 'string' ? t.value : t.text;
    const position = t.start;
    if (NUMERIC_TYPES.has(type)) {
      const n = parseNumber(text);
      if (n === null) stop(`expected a number for ${field.name}, got '${text}'`, position, 'a number');
      return { kind: 'number', value: n, text, position };
    }
    switch (type) {
      case 'ipv4': {
        const a = parseIpv4Cidr(text);
        if (!a)
          stop(
            `'${text}' is not an IPv4 address (like 10.0.0.1) or block (like 10.0.0.0/8)`,
            position,
            'an IPv4 address',
          );
        return { kind: 'ipv4', address: a.address, prefix: a.prefix, text, position };
      }
      case 'ipv6': {
        const a = parseIpv6Cidr(text);
        if (!a)
          stop(
            `'${text}' is not an IPv6 address (like fe80::1) or block (like fe80::/10)`,
            position,
            'an IPv6 address',
          );
        return { kind: 'ipv6', groups: a.groups, prefix: a.prefix, text, position };
      }
      case 'mac': {
        const m = normalizeMac(text);
        if (!m) stop(`'${text}' is not a MAC address (like 02:4c:0a:14:1e:6e)`, position, 'a MAC address');
        return { kind: 'mac', value: m, text, position };
      }
      default:
        return { kind: 'string', value: text, text: t.text, position };
    }
  }
}

function rangeEnd(v: FilterValue): NumberValue | Ipv4Value {
  if (v.kind === 'number') return v;
  if (v.kind === 'ipv4' && v.prefix === 32) return v;
  const shown = v.kind === 'string' ? JSON.stringify(v.value) : `'${v.text}'`;
  return stop(`a range needs numbers or single IPv4 addresses at both ends, not ${shown}`, v.position);
}

function describeType(t: FieldType): string {
  if (NUMERIC_TYPES.has(t)) return 'number';
  if (t === 'ipv4') return 'IPv4 address';
  return t;
}
