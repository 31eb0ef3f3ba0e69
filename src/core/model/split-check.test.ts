import { describe, expect, it } from 'vitest';
import { tableFromCsv } from '../labels/test-tables.ts';
import { TEST, TRAIN, VALIDATION } from '../features/splits.ts';
import { labelRuns } from '../features/label-runs.ts';
import { splitCheckNotes, viewSplitCounts, type SplitCheckRequest } from './split-check.ts';
import { DEFAULT_VIEWS } from './train-views.ts';

const HEAD = 'frame.time_epoch,frame.len,ip.src,ip.dst,ip.proto,tcp.srcport,tcp.dstport,tcp.flags';
const T = 1795378378;

/**
 * The README's recipe on a small capture: browsing by a client (10.0.0.3) all along, and a 2 s SYN flood from
 * 10.0.0.1 whose SYNs (the first `labelled` of them) are labelled hping3 while the victim's SYN-ACKs stay
 * benign, as a display filter on the SYNs labels them.
 */
function recipe(labelled = Infinity, split: SplitCheckRequest['split'] = 'per-class'): SplitCheckRequest {
  const lines: string[] = [];
  const labels: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    lines.push(`${(T + i * 0.25).toFixed(6)},60,10.0.0.3,10.0.0.2,6,${5000 + i},443,0x0018`);
    labels.push(0);
  }
  for (let i = 0; i < 1_000; i++) {
    const t = T + 20 + i * 0.002;
    lines.push(`${t.toFixed(6)},54,10.0.0.1,10.0.0.2,6,${1024 + i},80,0x0002`);
    lines.push(`${(t + 0.0005).toFixed(6)},58,10.0.0.2,10.0.0.1,6,80,${1024 + i},0x0012`);
    labels.push(i < labelled ? 1 : 0, 0);
  }
  const order = lines.map((_, i) => i).sort((a, b) => Number(lines[a].split(',')[0]) - Number(lines[b].split(',')[0]));
  const table = tableFromCsv(`${[HEAD, ...order.map((i) => lines[i])].join('\n')}\n`);
  const rowLabels = Uint8Array.from(order, (i) => labels[i]);
  return {
    table,
    rowLabels,
    classes: ['benign', 'hping3'],
    split,
    labelRule: 'last',
    ...(split === 'by-episode' ? { episodes: labelRuns(table.timeUs, rowLabels) } : {}),
  };
}

describe('the split check before training', () => {
  it('gives the flood validation and test windows in every view, though its replies are benign', () => {
    const req = recipe();
    const counts = viewSplitCounts(req, DEFAULT_VIEWS, 8, 1);
    expect(counts.map((v) => v.view)).toEqual(['pair', 'src', 'dst']);
    for (const v of counts) {
      expect(v.counts[TRAIN][1], v.view).toBeGreaterThan(500);
      expect(v.counts[VALIDATION][1], v.view).toBeGreaterThan(50);
      expect(v.counts[TEST][1], v.view).toBeGreaterThan(50);
    }
    expect(splitCheckNotes(req.classes, req.rowLabels, counts, 'per-class')).toEqual([]);
  });

  it('says in words which views leave a class unmeasured, how many packets it has, and what to do', () => {
    const req = recipe(3);
    const counts = viewSplitCounts(req, DEFAULT_VIEWS, 8, 1);
    expect(counts.every((v) => v.counts[VALIDATION][1] === 0 && v.counts[TEST][1] === 0)).toBe(true);
    const notes = splitCheckNotes(req.classes, req.rowLabels, counts, 'per-class');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(
      /^hping3 \(3 packets labelled\) has no validation and no test windows in any view \(pair, src, dst\): it would be trained on but not measured\. Label more packets of it/,
    );
  });

  it('by episode, one episode stays in training, and the advice says how many episodes it takes', () => {
    const req = recipe(Infinity, 'by-episode');
    const counts = viewSplitCounts(req, [DEFAULT_VIEWS[0]], 8, 1);
    expect(counts[0].counts[TRAIN][1]).toBeGreaterThan(0);
    const [note] = splitCheckNotes(req.classes, req.rowLabels, counts, 'by-episode');
    expect(note).toContain('no validation and no test windows in the pair view');
    expect(note).toContain('needs 3 episodes');
  });
});
