/**
 * The parsed form of a display filter. Values are already typed for their field (the parser knows each
 * field's type), so evaluation never has to report an error.
 */

/**
 * Comparison operators, named as Wireshark 4 names them. On a field with several occurrences (the either-end
 * fields such as ip.addr) `eq`, `lt`... hold when any occurrence does; `ne` when every occurrence differs
 * (so `ip.addr != X` is "neither end is X"); `all_eq` (`===`) when every occurrence equals; `any_ne` (`!==`,
 * `~=`) when some occurrence differs. Every comparison is false on a row where the field is absent.
 */
export const COMPARE_OPS = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'all_eq', 'any_ne'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** How each operator is written back. */
export const OP_SYMBOL = {
  eq: '==',
  ne: '!=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
  all_eq: '===',
  any_ne: '!==',
} as const satisfies Record<CompareOp, string>;

export interface FieldRef {
  /** The canonical field name (a catalogue field, a column, an either-end field or a protocol). */
  readonly name: string;
  readonly position: number;
}

/** `prefix` is 32 for a single address, less for a CIDR block. */
export interface Ipv4Value {
  readonly kind: 'ipv4';
  readonly address: number;
  readonly prefix: number;
  readonly text: string;
  readonly position: number;
}
/** Eight 16-bit groups; `prefix` is 128 for a single address. */
export interface Ipv6Value {
  readonly kind: 'ipv6';
  readonly groups: readonly number[];
  readonly prefix: number;
  readonly text: string;
  readonly position: number;
}
/** Normalised to lower case with ':' separators, as tshark writes MACs. */
export interface MacValue {
  readonly kind: 'mac';
  readonly value: string;
  readonly text: string;
  readonly position: number;
}
export interface NumberValue {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly position: number;
}
export interface StringValue {
  readonly kind: 'string';
  readonly value: string;
  readonly text: string;
  readonly position: number;
}

export type FilterValue = Ipv4Value | Ipv6Value | MacValue | NumberValue | StringValue;

/** A set member: one value, or an inclusive range of numbers or IPv4 addresses. */
export type SetMember =
  | { readonly kind: 'one'; readonly value: FilterValue }
  | { readonly kind: 'range'; readonly low: NumberValue | Ipv4Value; readonly high: NumberValue | Ipv4Value };

export type FilterNode =
  | { readonly kind: 'and'; readonly terms: readonly FilterNode[] }
  | { readonly kind: 'or'; readonly terms: readonly FilterNode[] }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  /** A bare protocol or field name. */
  | { readonly kind: 'present'; readonly field: FieldRef }
  | { readonly kind: 'compare'; readonly field: FieldRef; readonly op: CompareOp; readonly value: FilterValue }
  | { readonly kind: 'in'; readonly field: FieldRef; readonly members: readonly SetMember[] }
  /** Case-sensitive substring, as Wireshark's contains. */
  | { readonly kind: 'contains'; readonly field: FieldRef; readonly value: string }
  /** `flags` is 'i' unless the pattern began with (?-i). */
  | { readonly kind: 'matches'; readonly field: FieldRef; readonly pattern: string; readonly flags: string }
  /** `field & mask`: the field is present and shares a set bit with the mask. */
  | { readonly kind: 'bitand'; readonly field: FieldRef; readonly mask: number };

export type FilterAst = FilterNode;

function valueText(v: FilterValue): string {
  return v.kind === 'string' ? JSON.stringify(v.value) : v.kind === 'mac' ? v.value : v.text;
}

/** A fully parenthesised one-line form, for tests and for showing how a filter was read. */
export function formatFilter(n: FilterNode): string {
  switch (n.kind) {
    case 'and':
      return `(${n.terms.map(formatFilter).join(' && ')})`;
    case 'or':
      return `(${n.terms.map(formatFilter).join(' || ')})`;
    case 'not':
      return `!${formatFilter(n.operand)}`;
    case 'present':
      return n.field.name;
    case 'compare':
      return `[${n.field.name} ${OP_SYMBOL[n.op]} ${valueText(n.value)}]`;
    case 'in':
      return `[${n.field.name} in {${n.members.map((m) => (m.kind === 'one' ? valueText(m.value) : `${m.low.text}..${m.high.text}`)).join(', ')}}]`;
    case 'contains':
      return `[${n.field.name} contains ${JSON.stringify(n.value)}]`;
    case 'matches':
      return `[${n.field.name} matches ${JSON.stringify(n.pattern)}${n.flags === 'i' ? '' : ' (case-sensitive)'}]`;
    case 'bitand':
      return `[${n.field.name} & 0x${n.mask.toString(16)}]`;
    default: {
      const never: never = n;
      return never;
    }
  }
}
