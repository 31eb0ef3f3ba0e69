/**
 * A content fingerprint of a loaded capture, so a rules file can say which capture it was made on and an
 * import can warn when it is opened against another.
 *
 * It must not depend on how the file was opened: plain or gzip, or the row order in the file. The table is
 * time-sorted, but rows with the same instant keep their file order, so hashing rows in sequence would
 * still see the file's order. Each row is therefore hashed alone (murmur3's mixing over its time and
 * frame.len) and the row hashes are added up, a multiset hash that no reordering changes. Two lanes with
 * different seeds give 64 bits.
 */
import { findColumn, type PacketTable } from '../table/packet-table.ts';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const SEED_A = 0x9747b28c;
const SEED_B = 0x2545f491;

/** murmur3's per-word step: the word is scrambled and folded into h. */
function mixIn(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finaliser: every input bit reaches every output bit. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** One row's three words through murmur3, finalised. */
function rowHash(seed: number, a: number, b: number, c: number): number {
  return finish(mixIn(mixIn(mixIn(seed, a), b), c) ^ 12);
}

function fnv1a(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return Math.imul(h ^ 0xff, 0x01000193); // a separator, so ['ab','c'] and ['a','bc'] differ
}

/**
 * A 64-bit hex hash over rowCount, the column names, and every row's timeUs/timeNs and frame.len when the
 * table has it. The same for the same file however it was opened; fast enough for 3M rows (one pass).
 */
export function captureFingerprint(table: PacketTable): string {
  let headA = fnv1a(0x811c9dc5 | 0, String(table.rowCount));
  let headB = fnv1a(0x050c5d1f, String(table.rowCount));
  for (const c of table.columns) {
    headA = fnv1a(headA, c.name);
    headB = fnv1a(headB, c.name);
  }
  const len = findColumn(table, 'frame.len');
  const lenValues = len?.kind === 'int' ? len.values : null;
  const lenPresent = len?.kind === 'int' ? len.present : null;
  const lenFloat = len?.kind === 'float' ? len.values : null;
  const { timeUs, timeNs, rowCount } = table;
  let sumA = 0;
  let sumB = 0;
  for (let r = 0; r < rowCount; r++) {
    const us = timeUs[r];
    const lo = us >>> 0; // ToUint32 is us mod 2^32, exact for the whole numbers below 2^53 stored here
    // The rest of the row in one word: µs above 2^32 (21 bits below 2^53), ns (10 bits), frame.len present.
    let packed = ((us - lo) / 4294967296) | (timeNs[r] << 21);
    let l = 0;
    if (lenValues && lenPresent) {
      if (lenPresent[r >>> 3] & (1 << (r & 7))) {
        l = lenValues[r];
        packed |= 0x80000000;
      }
    } else if (lenFloat) {
      const v = lenFloat[r];
      if (!Number.isNaN(v)) {
        l = v | 0;
        packed |= 0x80000000;
      }
    }
    sumA = (sumA + rowHash(SEED_A, lo, packed, l)) | 0;
    sumB = (sumB + rowHash(SEED_B, lo, packed, l)) | 0;
  }
  const outA = finish(mixIn(mixIn(headA, sumA), headB) ^ 8) >>> 0;
  const outB = finish(mixIn(mixIn(headB, sumB), headA) ^ 8) >>> 0;
  return outA.toString(16).padStart(8, '0') + outB.toString(16).padStart(8, '0');
}
