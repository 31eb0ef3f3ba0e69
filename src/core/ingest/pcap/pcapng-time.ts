/**
 * pcapng timestamps are 64-bit counts of units of `if_tsresol` (10^-6 s unless the interface says
 * otherwise). Nanosecond counts of today are above 2^53, so the split into seconds and nanoseconds is done by
 * long division on 16-bit digits, which stays exact in doubles.
 */

export interface Resolution {
  /** Units per second when the resolution is a power of ten (10^k), else 0. */
  readonly decimalUnits: number;
  readonly decimalDigits: number;
  /** 2^k units per second when the resolution is a power of two. */
  readonly binaryShift: number;
}

export const MICROSECONDS: Resolution = { decimalUnits: 1e6, decimalDigits: 6, binaryShift: 0 };

/** Reads the `if_tsresol` option byte: high bit clear = 10^-v, set = 2^-v. */
export function resolutionFromOption(v: number): Resolution {
  if (v & 0x80) return { decimalUnits: 0, decimalDigits: 0, binaryShift: v & 0x7f };
  const digits = Math.min(v, 15);
  return { decimalUnits: 10 ** digits, decimalDigits: digits, binaryShift: 0 };
}

const out = new Float64Array(2);

/** Splits hi:lo (units of `r`) into [seconds, nanoseconds]; returns a shared array, copy what you keep. */
export function splitTimestamp(hi: number, lo: number, r: Resolution): Float64Array {
  if (r.decimalUnits === 1e6 && hi < 0x10000) {
    // Microseconds of any date before 2^48 us (year 10889) fit a double exactly: the common fast path.
    const t = hi * 4294967296 + lo;
    const sec = Math.floor(t / 1e6);
    out[0] = sec;
    out[1] = (t - sec * 1e6) * 1000;
    return out;
  }
  if (r.decimalUnits === 0) {
    const shift = r.binaryShift;
    const t = hi * 4294967296 + lo; // binary fractions: exact enough below 2^53 units
    const unit = 2 ** shift;
    const sec = Math.floor(t / unit);
    out[0] = sec;
    out[1] = Math.floor(((t - sec * unit) * 1e9) / unit);
    return out;
  }
  // Long division of the 64-bit count by the units per second, 16 bits at a time (exact in doubles).
  const d = r.decimalUnits;
  let cur = hi >>> 16;
  let q = Math.floor(cur / d);
  let rem = cur - q * d;
  cur = rem * 65536 + (hi & 0xffff);
  let qd = Math.floor(cur / d);
  rem = cur - qd * d;
  q = q * 65536 + qd;
  cur = rem * 65536 + (lo >>> 16);
  qd = Math.floor(cur / d);
  rem = cur - qd * d;
  q = q * 65536 + qd;
  cur = rem * 65536 + (lo & 0xffff);
  qd = Math.floor(cur / d);
  rem = cur - qd * d;
  q = q * 65536 + qd;
  out[0] = q;
  const k = r.decimalDigits;
  out[1] = k <= 9 ? rem * 10 ** (9 - k) : Math.floor(rem / 10 ** (k - 9));
  return out;
}
