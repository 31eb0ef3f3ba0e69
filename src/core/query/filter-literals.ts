/**
 * Reading the literal forms a filter can hold. Each returns null for text that is not of its form, so the
 * parser can say what it expected for the field at hand.
 */

/** Decimal, hex (0x1a), float (1.5, 1e3), and Wireshark's True/False. Decimal only: a leading 0 is not octal. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^-?(\d+\.\d*|\.\d+|\d+)(e[+-]?\d+)?$/i.test(t)) return Number(t);
  const lower = t.toLowerCase();
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  return null;
}

/** A dotted quad as a uint32. */
export function parseIpv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  let v = 0;
  for (let k = 1; k <= 4; k++) {
    const b = Number(m[k]);
    if (b > 255) return null;
    v = v * 256 + b;
  }
  return v;
}

export function formatIpv4(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** `a.b.c.d` or `a.b.c.d/n`; the address is masked to its network so `10.1.2.3/8` means 10.0.0.0/8. */
export function parseIpv4Cidr(text: string): { address: number; prefix: number } | null {
  const slash = text.indexOf('/');
  const address = parseIpv4(slash < 0 ? text : text.slice(0, slash));
  if (address === null) return null;
  if (slash < 0) return { address, prefix: 32 };
  const ptext = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(ptext) || Number(ptext) > 32) return null;
  const prefix = Number(ptext);
  return { address: (address & ipv4Mask(prefix)) >>> 0, prefix };
}

export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Eight 16-bit groups, accepting `::` and a dotted-quad tail; null when not IPv6. */
export function parseIpv6(text: string): number[] | null {
  const t = text.toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(t) || !t.includes(':')) return null;
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k];
      if (k === pieces.length - 1 && p.includes('.')) {
        const v4 = parseIpv4(p);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-f]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const fill = 8 - head.length - tail.length;
  if (fill < 1) return null;
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

export function parseIpv6Cidr(text: string): { groups: number[]; prefix: number } | null {
  const slash = text.indexOf('/');
  const groups = parseIpv6(slash < 0 ? text : text.slice(0, slash));
  if (!groups) return null;
  if (slash < 0) return { groups, prefix: 128 };
  const ptext = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(ptext) || Number(ptext) > 128) return null;
  return { groups, prefix: Number(ptext) };
}

/** Whether `groups` lies in the block `net`/`prefix`. */
export function ipv6InBlock(groups: readonly number[], net: readonly number[], prefix: number): boolean {
  for (let g = 0; g < 8; g++) {
    const bits = Math.min(16, Math.max(0, prefix - g * 16));
    if (bits === 0) return true;
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if ((groups[g] & mask) !== (net[g] & mask)) return false;
  }
  return true;
}

/** `aa:bb:cc:dd:ee:ff`, `aa-bb-...` or `aabb.ccdd.eeff`, any case, to tshark's lower-case colon form. */
export function normalizeMac(text: string): string | null {
  const t = text.toLowerCase();
  let hex: string;
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2}){5}$/.test(t))
    hex = t
      .split(/[:-]/)
      .map((b) => b.padStart(2, '0'))
      .join('');
  else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(t)) hex = t.replace(/\./g, '');
  else return null;
  return hex.match(/../g)?.join(':') ?? null;
}
