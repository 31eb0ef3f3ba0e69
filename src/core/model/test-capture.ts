/** A small synthetic labelled capture shared by the training tests. */
import { tableFromCsv } from '../labels/test-tables.ts';
import type { PacketTable } from '../table/packet-table.ts';
import type { ModelConfig } from './model-config.ts';
import { DEFAULT_VIEWS, type ViewsTrainRequest } from './train-views.ts';

/**
 * Benign: a request/reply every 0.2 s between .1 and .2 (and .4 and .2); attack: .3 floods .2 with SYNs,
 * labelled `attack` (a class id as the label engine gives it).
 */
export function floodCapture(attack = 1): { table: PacketTable; rowLabels: Uint8Array } {
  const head = 'frame.time_epoch,frame.len,ip.src,ip.dst,ip.proto,tcp.srcport,tcp.dstport,tcp.flags';
  const rows: [number, string, number][] = [];
  const t0 = 1795378378;
  for (let i = 0; i < 300; i++) {
    const t = t0 + i * 0.2;
    const client = i % 2 ? '10.0.0.1' : '10.0.0.4';
    rows.push([t, `"${t.toFixed(6)}","120","${client}","10.0.0.2","6","${40000 + (i % 7)}","80","0x0018"`, 0]);
    rows.push([
      t + 0.01,
      `"${(t + 0.01).toFixed(6)}","900","10.0.0.2","${client}","6","80","${40000 + (i % 7)}","0x0018"`,
      0,
    ]);
  }
  // Two floods (two stretches), each 10 s into the benign traffic.
  for (const start of [10, 40]) {
    for (let i = 0; i < 400; i++) {
      const t = t0 + start + i * 0.002;
      rows.push([t, `"${t.toFixed(6)}","60","10.0.0.3","10.0.0.2","6","${1024 + i}","80","0x0002"`, attack]);
    }
  }
  rows.sort((a, b) => a[0] - b[0]);
  return {
    table: tableFromCsv(`${[head, ...rows.map((r) => r[1])].join('\n')}\n`),
    rowLabels: Uint8Array.from(rows, (r) => r[2]),
  };
}

/** The capture as a request to train the default views on, windows of 5, without the flood variants. */
export function floodRequest(config: ModelConfig): ViewsTrainRequest {
  const { table, rowLabels } = floodCapture();
  return {
    table,
    rowLabels,
    classes: ['benign', 'hping3'],
    views: DEFAULT_VIEWS,
    size: 5,
    stride: 1,
    labelRule: 'last',
    split: 'per-class',
    config,
    fingerprint: 'f',
    fileName: 'synthetic.csv',
    randSourceFloods: false,
  };
}
