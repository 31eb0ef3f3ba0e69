import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFrameTime } from '../ingest/parse-time.ts';
import { findColumn, isPresent, type Column, type PacketTable } from '../table/packet-table.ts';
import { addClass, DEFAULT_LABEL_SET, type LabelSet } from './label-set.ts';
import { labelledCsvHeader, labelledCsvRows } from './labelled-csv.ts';
import { seeded, tableFromCsv } from './test-tables.ts';

const SLICE = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'fixtures', 'capture', 'lab-a-slice.csv'),
  'utf8',
);

/** The table written as a labelled CSV in pieces of `piece` rows. */
function exported(t: PacketTable, labels: Uint8Array, set: LabelSet, piece: number): string {
  let out = labelledCsvHeader(t);
  for (let at = 0; at < t.rowCount; at += piece) out += labelledCsvRows(t, labels, set, at, at + piece);
  return out;
}

/** A cell as a comparable value: null when missing; times as exact [µs, ns, zone]. */
function cell(t: PacketTable, c: Column, r: number): unknown {
  switch (c.kind) {
    case 'int':
      return isPresent(c.present, r) ? c.values[r] : null;
    case 'float':
      return Number.isNaN(c.values[r]) ? null : c.values[r];
    case 'string':
      return c.codes[r] === 0 ? null : c.dict[c.codes[r]];
    case 'time':
      return [t.timeUs[r], t.timeNs[r], c.zoneCodes ? c.zones[c.zoneCodes[r]] : null];
  }
}

function expectSameValues(a: PacketTable, b: PacketTable, skip: string[] = []): void {
  expect(b.rowCount).toBe(a.rowCount);
  expect(Array.from(b.timeUs)).toEqual(Array.from(a.timeUs));
  expect(Array.from(b.timeNs)).toEqual(Array.from(a.timeNs));
  for (const c of a.columns) {
    if (skip.includes(c.name)) continue;
    const d = findColumn(b, c.name);
    expect(d?.kind, c.name).toBe(c.kind);
    if (!d) continue;
    const values = (u: PacketTable, k: Column): unknown[] =>
      Array.from({ length: u.rowCount }, (_, r) => cell(u, k, r));
    expect(values(b, d), c.name).toEqual(values(a, c));
  }
}

function labelsOf(t: PacketTable): string[] {
  const c = findColumn(t, 'label');
  if (c?.kind !== 'string') throw new Error('no label column');
  return Array.from(c.codes, (k) => c.dict[k]);
}

describe('labelled CSV', () => {
  it('loads back to the same table and labels (lab-a slice, written in pieces)', () => {
    const t = tableFromCsv(SLICE);
    const rand = seeded(3);
    const labels = Uint8Array.from({ length: t.rowCount }, () => Math.floor(rand() * 5));
    const text = exported(t, labels, DEFAULT_LABEL_SET, 1000);
    expect(text.split('\n')[0]).toBe(`${SLICE.split('\n')[0]},label`);
    const back = tableFromCsv(text);
    expectSameValues(t, back);
    expect(labelsOf(back)).toEqual(Array.from(labels, (id) => DEFAULT_LABEL_SET.classes[id].name));
  });

  it('writes every row byte for byte as tshark wrote it (fixture made by tshark -E quote=d), plus the label', () => {
    const t = tableFromCsv(SLICE);
    const rows = labelledCsvRows(t, new Uint8Array(t.rowCount), DEFAULT_LABEL_SET, 0, t.rowCount).split('\n');
    expect(rows.pop()).toBe(''); // each line ends with '\n'
    expect(rows).toEqual(
      SLICE.trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => `${l},"benign"`),
    );
    expect(labelledCsvRows(t, new Uint8Array(t.rowCount), DEFAULT_LABEL_SET, 5, 5)).toBe('');
  });

  it('keeps tricky values: commas and quotes in text, missing cells, hex, bool, floats, zones', () => {
    const header =
      'frame.number,frame.time,frame.time_epoch,frame.time_relative,eth.src,ipv6.src,ip.src,ip.flags,tcp.flags,tcp.checksum,tcp.flags.syn,http.user_agent,"my ""odd"", column",label';
    const rows = [
      '"1","Nov 22, 2026 15:12:33.000000001 EST","1795378353.000000001","0.1","02:4c:0a:14:1e:67","fe80::1","10.0.0.1","0x02","0x0002","0xffff","1","a, ""quoted"" agent","x","old"',
      ',,"1795378354.5","1e-7",,,,,,,"0","""","",""',
      '"3","2026-11-22T21:12:35.25+01:00",,"123456.789",,,,"0x40","0x0fff","0x0000","True","ends with quote""","one","benign"',
      '"4","Nov  2, 2026 15:12:36.999999999 Eastern Standard Time","1795378356.999999999",,,,"255.255.255.255",,,,,"tab\there",,',
    ];
    const t = tableFromCsv(`${[header, ...rows].join('\n')}\n`);
    expect(t.rowCount).toBe(4);
    const set = addClass(DEFAULT_LABEL_SET, 'a "b", c');
    const labels = Uint8Array.from([5, 0, 1, 5]);
    const text = exported(t, labels, set, 3);
    // The file's own `label` column is replaced in place, the odd name quoted as it must be.
    expect(text.split('\n')[0]).toBe(
      'frame.number,frame.time,frame.time_epoch,frame.time_relative,eth.src,ipv6.src,ip.src,ip.flags,tcp.flags,tcp.checksum,tcp.flags.syn,http.user_agent,"my ""odd"", column",label',
    );
    expect(text.split('\n')[1]).toBe(
      '"1","Nov 22, 2026 15:12:33.000000001 EST","1795378353.000000001","0.1","02:4c:0a:14:1e:67","fe80::1","10.0.0.1","0x02","0x0002","0xffff","1","a, ""quoted"" agent","x","a ""b"", c"',
    );
    const back = tableFromCsv(text);
    expect(back.columns.map((c) => c.name)).toEqual(t.columns.map((c) => c.name));
    expectSameValues(t, back, ['label', 'frame.time']);
    expect(labelsOf(back)).toEqual(['a "b", c', 'benign', 'hping3', 'a "b", c']);
    // frame.time: the same instants; an ISO offset is written back in UTC, a missing cell stays missing.
    const ft = findColumn(back, 'frame.time');
    expect(ft?.kind === 'time' && Array.from(ft.zoneCodes ?? [], (z) => ft.zones[z])).toEqual([
      'EST',
      '',
      'UTC',
      'Eastern Standard Time',
    ]);
  });

  it("writes frame.time as formatFrameTime does, in each row's zone, across second boundaries", () => {
    const rand = seeded(9);
    const n = 500;
    const timeUs = new Float64Array(n);
    const timeNs = new Uint16Array(n);
    let us = 1795378353e6;
    for (let r = 0; r < n; r++) {
      us += Math.floor(rand() * 400_000);
      timeUs[r] = us;
      timeNs[r] = Math.floor(rand() * 1000);
    }
    const zones = ['', 'EST', 'UTC+05:30', '+01:00', 'Central European Summer Time', 'Mars/Olympus'];
    const zoneCodes = Uint8Array.from({ length: n }, () => 1 + Math.floor(rand() * (zones.length - 1)));
    const t: PacketTable = {
      rowCount: n,
      timeUs,
      timeNs,
      columns: [{ kind: 'time', name: 'frame.time', type: 'timetext', zoneCodes, zones }],
    };
    const lines = labelledCsvRows(t, new Uint8Array(n), DEFAULT_LABEL_SET, 0, n).trimEnd().split('\n');
    expect(lines).toEqual(
      Array.from({ length: n }, (_, r) => `"${formatFrameTime(timeUs[r], timeNs[r], zones[zoneCodes[r]])}","benign"`),
    );
  });
});
