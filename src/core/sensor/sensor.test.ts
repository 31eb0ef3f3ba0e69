/** Groups, votes, eviction and EVE records of the sensor core, on a tiny hand-made stream and a fake model. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { featureSpec, stepWidth } from '../features/feature-spec.ts';
import type { Manifest } from '../model/bundle.ts';
import { CsvBatcher } from './csv-batcher.ts';
import type { WindowClassifier } from './classifier.ts';
import type { EveRecord } from './eve.ts';
import { validate, type Schema } from './json-schema.ts';
import { Sensor, singleViewModel, type SensorModel } from './sensor.ts';

const schema = JSON.parse(readFileSync('schemas/eve-alert.schema.json', 'utf8')) as Schema;
const spec = featureSpec();
const W = stepWidth(spec);
const manifest = {
  featureSpec: spec,
  normaliser: { mean: new Array<number>(W).fill(0), std: new Array<number>(W).fill(1) },
  window: { key: 'pair', size: 3, stride: 1 },
  classes: ['benign', 'flood'],
  malicious: [false, true],
  vote: { k: 3, threshold: 0.5 },
} as unknown as Manifest;
/** Calls a window malicious when its last packet is a bare SYN (input feature tcp_syn of the last step). */
const synIsFlood: WindowClassifier = {
  classes: 2,
  predict(x, n) {
    const out = new Float32Array(n * 2);
    const syn = spec.packet.indexOf('tcp_syn');
    for (let i = 0; i < n; i++) {
      const s = x[(i * 3 + 2) * W + syn] > 0.5 ? 0.9 : 0.1;
      out[i * 2] = 1 - s;
      out[i * 2 + 1] = s;
    }
    return out;
  },
};

const HEADER = 'frame.time_epoch,ip.src,ip.dst,ip.proto,tcp.srcport,tcp.dstport,tcp.flags,frame.len\n';
const row = (t: number, src: string, dst: string, flags: string): string =>
  `${t.toFixed(6)},${src},${dst},6,40000,80,${flags},60\n`;

function table(text: string): NonNullable<ReturnType<CsvBatcher['take']>['table']> {
  const b = new CsvBatcher();
  b.push(new TextEncoder().encode(text));
  b.end();
  const t = b.take().table;
  if (!t) throw new Error('no rows');
  return t;
}

describe('Sensor', () => {
  it('votes per group: a SYN flood alerts once, benign chatter does not, closing record when quiet', async () => {
    const out: EveRecord[] = [];
    const s = new Sensor(singleViewModel(manifest, synIsFlood), { quietUs: 10e6, maxGroups: 10, idleUs: 60e6 }, (r) =>
      out.push(r),
    );
    let text = HEADER;
    for (let i = 0; i < 20; i++) text += row(1000 + i * 0.01, '10.0.0.9', '10.0.0.1', '0x0002');
    for (let i = 0; i < 20; i++) text += row(1000 + i * 0.01 + 0.005, '10.0.0.5', '10.0.0.1', '0x0018');
    await s.process(table(text));
    expect(out.map((r) => r.event_type)).toEqual(['alert']);
    expect(out[0].src_ip).toBe('10.0.0.9');
    expect(out[0].alert.metadata.model_class).toEqual(['flood']);
    await s.process(table(HEADER + row(1020, '10.0.0.5', '10.0.0.1', '0x0018')));
    expect(out.map((r) => r.event_type)).toEqual(['alert', 'flow']);
    expect(out[1].flow?.reason).toBe('timeout');
    // From the first packet of the window that opened it (the 3rd window, packets 3-5: the vote is full there) to the 20th.
    expect(out[1].alert.metadata.packets).toEqual(['18']);
    for (const r of out) expect(validate(schema, r)).toEqual([]);
    expect(s.counts().alerts).toBe(1);
  });

  it('keeps the group table at its maximum (LRU) and forgets idle groups', async () => {
    const s = new Sensor(
      singleViewModel(manifest, synIsFlood),
      { quietUs: 10e6, maxGroups: 50, idleUs: 5e6 },
      () => {},
    );
    let text = HEADER;
    for (let i = 0; i < 500; i++) text += row(2000 + i * 0.001, `10.1.${i >> 8}.${i & 255}`, '10.0.0.1', '0x0010');
    await s.process(table(text));
    expect(s.counts().groups).toBe(50);
    expect(s.counts().evicted).toBe(450);
    // Four memories, each held to maxGroups: flows, pairs (features), pair counts (the spread gate), group times.
    expect(s.counts().remembered).toBeLessThanOrEqual(4 * 50);
    s.tick(2000e6 + 10e6);
    expect(s.counts().groups).toBe(0);
  });

  it('counts and skips malformed lines', () => {
    const b = new CsvBatcher();
    b.push(
      new TextEncoder().encode(
        `${HEADER}${row(1, '10.0.0.1', '10.0.0.2', '0x0002')}garbage\n1,2\n${row(2, '10.0.0.1', '10.0.0.2', '0x0002')}`,
      ),
    );
    b.end();
    const got = b.take();
    expect(got.table?.rowCount).toBe(2);
    expect(got.malformed).toBe(2);
    expect(got.problems[0]).toMatch(/^line 3: /);
  });

  describe('with several views', () => {
    const views = (): SensorModel => {
      const one = singleViewModel(manifest, synIsFlood).views[0];
      return {
        classes: manifest.classes,
        malicious: manifest.malicious,
        views: (['pair', 'src', 'dst'] as const).map((key) => ({ ...one, name: key, key })),
      };
    };

    it('one flood seen by every view is one alert that lists the views', async () => {
      const out: EveRecord[] = [];
      const s = new Sensor(views(), { quietUs: 10e6, maxGroups: 100, idleUs: 60e6 }, (r) => out.push(r));
      let text = HEADER;
      for (let i = 0; i < 20; i++) text += row(1000 + i * 0.01, '10.0.0.9', '10.0.0.1', '0x0002');
      await s.process(table(text));
      await s.flush();
      expect(out.map((r) => r.event_type)).toEqual(['alert', 'flow']);
      expect(out[1].alert.metadata.views).toEqual(['pair', 'src', 'dst']);
      expect(out[1].alert.metadata.group).toEqual([
        'hosts 10.0.0.9 and 10.0.0.1',
        'source 10.0.0.9, any destination',
        'destination 10.0.0.1, any source',
      ]);
      expect(s.counts().views.dst.firing).toBeGreaterThan(0);
      for (const r of out) expect(validate(schema, r)).toEqual([]);
    });

    it('a random-source flood alerts in the destination view, which no pair or source group can fill', async () => {
      const out: EveRecord[] = [];
      const s = new Sensor(views(), { quietUs: 10e6, maxGroups: 100, idleUs: 60e6 }, (r) => out.push(r));
      let text = HEADER;
      for (let i = 0; i < 200; i++)
        text += row(1000 + i * 0.001, `10.${(i * 7) & 255}.${(i * 13) & 255}.${i & 255}`, '10.0.0.1', '0x0002');
      await s.process(table(text));
      await s.flush();
      expect(out.map((r) => r.event_type)).toEqual(['alert', 'flow']);
      expect(out[0].alert.metadata.views).toEqual(['dst']);
      expect(out[0].alert.metadata.group).toEqual(['destination 10.0.0.1, any source']);
      expect(out[0].dest_ip).toBe('10.0.0.1');
      expect(s.counts().views.pair.windows).toBe(0);
      expect(s.counts().groups).toBeLessThanOrEqual(2 * 100 + 1); // one budget: at most maxGroups waiting + maxGroups with rings
    });

    it("the source and destination views vote on spread traffic only: a long conversation is the pair view's", async () => {
      // Ten ordinary packets, then SYNs on the same pair: the pair has its ten packets before any SYN window.
      let text = HEADER;
      for (let i = 0; i < 10; i++) text += row(1000 + i * 0.01, '10.0.0.9', '10.0.0.1', '0x0018');
      for (let i = 0; i < 20; i++) text += row(1000.1 + i * 0.01, '10.0.0.9', '10.0.0.1', '0x0002');
      const spreadOnly = (combine: 'spread' | 'any'): Promise<EveRecord[]> => {
        const out: EveRecord[] = [];
        const m = views();
        const s = new Sensor(
          { ...m, views: m.views.filter((v) => v.name !== 'pair') },
          { quietUs: 10e6, maxGroups: 100, idleUs: 60e6, combine },
          (r) => out.push(r),
        );
        return s.process(table(text)).then(() => out);
      };
      expect(await spreadOnly('spread')).toEqual([]);
      expect((await spreadOnly('any')).map((r) => r.alert.metadata.views)).toEqual([['src'], ['dst']]);
    });

    it('two floods against different hosts stay two alerts', async () => {
      const out: EveRecord[] = [];
      const s = new Sensor(views(), { quietUs: 10e6, maxGroups: 100, idleUs: 60e6 }, (r) => out.push(r));
      let text = HEADER;
      for (let i = 0; i < 20; i++)
        text +=
          row(1000 + i * 0.01, '10.0.0.9', '10.0.0.1', '0x0002') +
          row(1000.005 + i * 0.01, '10.0.0.8', '10.0.0.2', '0x0002');
      await s.process(table(text));
      expect(out.filter((r) => r.event_type === 'alert').map((r) => r.dest_ip)).toEqual(['10.0.0.1', '10.0.0.2']);
    });
  });
});
