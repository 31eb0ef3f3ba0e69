/** A table as rows of cell texts (dictionaries may order their values differently; the values must agree). */
import type { PacketTable } from '../table/packet-table.ts';

export function tableCells(t: PacketTable): string[][] {
  const rows: string[][] = [];
  for (let r = 0; r < t.rowCount; r++) {
    rows.push([
      `${t.timeUs[r]}.${t.timeNs[r]}`,
      ...t.columns.map((c) => {
        if (c.kind === 'int') return c.present[r >>> 3] & (1 << (r & 7)) ? String(c.values[r]) : '';
        if (c.kind === 'string') return c.dict[c.codes[r]];
        if (c.kind === 'time') return c.zoneCodes ? c.zones[c.zoneCodes[r]] : '';
        return String(c.values[r]);
      }),
    ]);
  }
  return rows;
}
