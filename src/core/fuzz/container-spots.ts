/**
 * Where a zip or a gzip states sizes, counts and offsets: a zip's local and central headers (method, sizes,
 * name and extra lengths, the entry's offset) and its end record (entry counts, the directory's size and
 * offset); a gzip's flags (which optional fields follow), extra length, CRC and stored size. The mutator
 * lies at these spots (mutator.ts).
 */
import type { Spot } from './mutator.ts';

const LE = true;

export function zipSpots(b: Uint8Array): Spot[] {
  const out: Spot[] = [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const at = (p: number, fields: readonly (readonly [number, 1 | 2 | 4])[]): void => {
    for (const [o, size] of fields) if (p + o + size <= b.length) out.push({ offset: p + o, size, le: LE });
  };
  for (let p = 0; p + 4 <= b.length; p++) {
    if (b[p] !== 0x50 || b[p + 1] !== 0x4b) continue;
    const sig = dv.getUint32(p, true);
    if (sig === 0x04034b50)
      at(p, [
        [6, 2],
        [8, 2],
        [14, 4],
        [18, 4],
        [22, 4],
        [26, 2],
        [28, 2],
      ]);
    else if (sig === 0x02014b50)
      at(p, [
        [8, 2],
        [10, 2],
        [16, 4],
        [20, 4],
        [24, 4],
        [28, 2],
        [30, 2],
        [32, 2],
        [42, 4],
      ]);
    else if (sig === 0x06054b50)
      at(p, [
        [8, 2],
        [10, 2],
        [12, 4],
        [16, 4],
        [20, 2],
      ]);
  }
  return out;
}

export function gzipSpots(b: Uint8Array): Spot[] {
  if (b.length < 18 || b[0] !== 0x1f || b[1] !== 0x8b) return [];
  const out: Spot[] = [
    { offset: 2, size: 1, le: LE },
    { offset: 3, size: 1, le: LE },
    { offset: 4, size: 4, le: LE },
    { offset: 10, size: 2, le: LE },
    { offset: b.length - 8, size: 4, le: LE },
    { offset: b.length - 4, size: 4, le: LE },
  ];
  // The first deflate block's header bits (stored, fixed or dynamic) and, for a stored block, its lengths.
  out.push({ offset: 10, size: 1, le: LE }, { offset: 11, size: 2, le: LE }, { offset: 13, size: 2, le: LE });
  return out;
}
