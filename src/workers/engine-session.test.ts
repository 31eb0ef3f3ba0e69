import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvLoad } from '../core/ingest/csv-load.ts';
import { countMatches, evaluateFilter } from '../core/query/filter-eval.ts';
import { filterSchema } from '../core/query/filter-fields.ts';
import { parseFilter } from '../core/query/filter-parser.ts';
import type { PacketTable } from '../core/table/packet-table.ts';
import { EngineSession } from './engine-session.ts';
import type { BreakdownKind } from './engine-messages.ts';

function slice(): PacketTable {
  const bytes = readFileSync(new URL('../../fixtures/capture/lab-a-slice.csv', import.meta.url));
  const load = new CsvLoad({ fileName: 'slice', fileBytes: bytes.length, compressed: false });
  load.push(new Uint8Array(bytes));
  return load.finish().table;
}

const table = slice();
const count = (text: string): number => {
  const p = parseFilter(text, filterSchema(table));
  if (!p.ok) throw new Error(p.error.message);
  return countMatches(evaluateFilter(table, p.value));
};

describe('EngineSession', () => {
  it('counts a filter, within a time range too', () => {
    const s = new EngineSession(table);
    expect(s.filter('tcp', null)).toMatchObject({ ok: true, rows: count('tcp'), total: table.rowCount });
    const mid = table.timeUs[Math.floor(table.rowCount / 2)];
    const inRange = s.filter('', { fromUs: table.timeUs[0], toUs: mid });
    expect(inRange.ok && inRange.rows).toBe(table.timeUs.filter((t) => t < mid).length);
    expect(s.filter('tcp.port ==', null)).toMatchObject({ ok: false, error: { position: 11 } });
  });

  it('charts several series in one request, reusing a filter mask when only the bins change', () => {
    const s = new EngineSession(table);
    const series = [
      { id: 'a', filter: '', metric: 'count' as const, field: '', splitBy: null },
      { id: 'b', filter: 'tcp.flags.syn == 1', metric: 'bytes' as const, field: '', splitBy: 'tcp.dstport' },
      { id: 'c', filter: 'udp', metric: 'sum' as const, field: 'ip.src', splitBy: null },
      { id: 'd', filter: 'nosuch.field == 1', metric: 'count' as const, field: '', splitBy: null },
    ];
    const r = s.chart({ series, binUs: 1e6, hoverFields: ['alert'], range: null });
    expect(r.outcomes.map((o) => [o.id, o.ok])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', false],
    ]);
    const [a] = r.outcomes;
    expect(a.ok && a.lines[0].values.reduce((x, y) => x + y, 0)).toBe(table.rowCount);
    expect(r.outcomes[2]).toMatchObject({ message: expect.stringMatching(/ip.src is not a number/) });
    expect(r.outcomes[3]).toMatchObject({ error: { message: expect.stringMatching(/nosuch/) } });
    expect(r.filterMs).toBeGreaterThan(0);
    const again = s.chart({ series: series.slice(0, 2), binUs: 1e5, hoverFields: [], range: null });
    expect(again.filterMs).toBeLessThan(1); // cached masks: lookups only
    expect(again.binUs).toBe(1e5);
  });

  it.each<BreakdownKind>(['protocols', 'talkers', 'ports', 'conversations', 'flags', 'seq'])(
    'answers the %s breakdown for a filter',
    (kind) => {
      const s = new EngineSession(table);
      const r = s.breakdown({ kind, filter: 'tcp', range: null, limit: 5 });
      expect(r.ok && r.data.kind).toBe(kind);
      if (r.ok && r.data.kind === 'protocols') expect(r.data.root.frames).toBe(count('tcp'));
      if (r.ok && r.data.kind === 'flags') expect(r.data.rows.reduce((n, f) => n + f.packets, 0)).toBe(count('tcp'));
      expect(s.breakdown({ kind, filter: 'tcp &&', range: null, limit: 5 }).ok).toBe(false);
    },
  );
});
