/**
 * The display-filter clause a breakdown row stands for, written in Wireshark's syntax so the filter bar
 * (and Wireshark itself) accepts it. Values come from the capture, so each is checked for its field's
 * syntax: anything that would not parse as that field's value gives no clause rather than a broken filter.
 */
import { parseIpv4, parseIpv6 } from '../../core/query/filter-literals.ts';

export type ClauseTarget =
  /** A frame.protocols layer (a node of the protocol hierarchy). */
  | { readonly kind: 'protocol'; readonly layer: string }
  /** An address on either end, as source or as destination. */
  | { readonly kind: 'host'; readonly side: 'either' | 'src' | 'dst'; readonly address: string }
  | { readonly kind: 'port'; readonly proto: 'tcp' | 'udp'; readonly port: number }
  /** The two hosts of a conversation, in either direction. */
  | { readonly kind: 'pair'; readonly a: string; readonly b: string }
  | { readonly kind: 'flags'; readonly flags: number }
  | { readonly kind: 'seq'; readonly seq: number };

/**
 * Layers frame.protocols lists that are no filter names in Wireshark (`ethertype` is not in the protocol
 * tree), or whose bare name would mean something else there; they are matched in frame.protocols instead.
 * `frame` is every packet, so adding it would change nothing: it has no clause.
 */
const NOT_FILTER_NAMES: ReadonlySet<string> = new Set(['ethertype', 'data']);

/** A protocol filter name as Wireshark spells them (lowercase letters, digits, '_', '-', '.'). */
const FILTER_NAME = /^[a-z][a-z0-9_.-]*$/;

/** The clause for `target`, or null when there is none (the root `frame`, a value that is not valid). */
export function filterClause(target: ClauseTarget): string | null {
  switch (target.kind) {
    case 'protocol':
      return protocolClause(target.layer);
    case 'host': {
      const field = addressField(target.address, target.side === 'either' ? 'addr' : target.side);
      return field && `${field} == ${target.address}`;
    }
    case 'port':
      return isUint(target.port, 0xffff) ? `${target.proto}.dstport == ${target.port}` : null;
    case 'pair': {
      const { a, b } = target;
      if (a === b) {
        // A host talking to itself: "either end is A" twice would be every packet of A.
        const src = addressField(a, 'src');
        const dst = addressField(a, 'dst');
        return src && dst && `${src} == ${a} && ${dst} == ${a}`;
      }
      const fa = addressField(a, 'addr');
      const fb = addressField(b, 'addr');
      return fa && fb && `${fa} == ${a} && ${fb} == ${b}`;
    }
    case 'flags':
      return isUint(target.flags, 0xfff) ? `tcp.flags == 0x${target.flags.toString(16).padStart(3, '0')}` : null;
    case 'seq':
      return isUint(target.seq, 0xffffffff) ? `tcp.seq == ${target.seq}` : null;
    default: {
      const never: never = target;
      return never;
    }
  }
}

function protocolClause(layer: string): string | null {
  if (layer === 'frame' || layer === '') return null;
  if (FILTER_NAME.test(layer) && !NOT_FILTER_NAMES.has(layer)) return layer;
  // A whole layer of the ':'-separated stack, not a substring: "data" must not match "ftp-data".
  if (/^[A-Za-z0-9_.-]+$/.test(layer))
    return `frame.protocols matches ${filterString(`(^|:)${layer.replace(/\./g, '[.]')}(:|$)`)}`;
  return `frame.protocols contains ${filterString(layer)}`;
}

/** `ip.src` / `ipv6.addr` … for the address's family; null when it is neither an IPv4 nor an IPv6 address. */
function addressField(address: string, side: 'addr' | 'src' | 'dst'): string | null {
  if (parseIpv4(address) !== null) return `ip.${side}`;
  if (parseIpv6(address) !== null) return `ipv6.${side}`;
  return null;
}

function isUint(n: number, max: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= max;
}

/** A double-quoted filter string: backslash and quote escaped, control characters as \xNN. */
export function filterString(text: string): string {
  let out = '"';
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return `${out}"`;
}
