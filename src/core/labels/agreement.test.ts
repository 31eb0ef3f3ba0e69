import { describe, expect, it } from 'vitest';
import { agreement } from './agreement.ts';
import { addClass, DEFAULT_LABEL_SET } from './label-set.ts';
import { tableFromCsv } from './test-tables.ts';

const rows: [string, string][] = [
  ['normal', '80'],
  ['normal', '80'],
  ['Benign', '22'],
  ['hping3', '80'],
  ['hping3', '80'],
  ['HPING3', '53'],
  ['', ''],
  ['nmap', '22'],
];
const table = tableFromCsv(
  `frame.time_epoch,tcp.dstport,attack\n${rows.map(([a, p], i) => `"${1795378353 + i}",${p ? `"${p}"` : ''},${a ? `"${a}"` : ''}`).join('\n')}\n`,
);
//                            normal normal Benign hping3 hping3 HPING3 (none) nmap
const labels = Uint8Array.from([0, 1, 0, 1, 1, 0, 0, 3]);

describe('agreement', () => {
  it('counts classes against truth values, most packets first, missing last', () => {
    const a = agreement(table, labels, DEFAULT_LABEL_SET, 'attack');
    expect(a.classIds).toEqual([0, 1, 3]);
    expect(a.truthValues).toEqual(['hping3', 'normal', 'Benign', 'HPING3', 'nmap', '(missing)']);
    expect(a.matrix).toEqual([
      [0, 1, 1, 1, 0, 1],
      [2, 1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1, 0],
    ]);
    // benign~normal and Benign (case), hping3 x2, nmap; not HPING3 labelled benign, not the missing cell.
    expect(a.agreeing).toBe(5);
    expect(a.total).toBe(8);
  });

  it('reads a number column by its text, and treats an absent column as all missing', () => {
    const set = addClass(DEFAULT_LABEL_SET, '80');
    const a = agreement(table, Uint8Array.from([5, 5, 0, 5, 0, 0, 0, 0]), set, 'tcp.dstport');
    expect(a.truthValues).toEqual(['80', '22', '53', '(missing)']);
    expect(a.classIds).toEqual([0, 5]);
    expect(a.agreeing).toBe(3);
    const none = agreement(table, labels, DEFAULT_LABEL_SET, 'alert');
    expect(none.truthValues).toEqual(['(missing)']);
    expect(none.matrix).toEqual([[4], [3], [1]]);
    expect(none.agreeing).toBe(0);
  });
});
