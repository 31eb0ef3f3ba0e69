/**
 * The fleet's halves give the single sensor's records: lab-a through the capture point's cut, each shard's
 * unit and the merge of every shard's votes writes exactly what Sensor writes from the same batches, byte for
 * byte and in order, with 1 shard or several, and with the votes arriving in any order and some twice (a
 * shard rebuilt on another worker publishes again). In process, through the wire formats; the fleet over NATS
 * is cli/lib/fleet/fleet.test.ts.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParseSteps } from '../../../cli/lib/parse-steps.ts';
import { loadSensorModel } from '../../../cli/lib/sensor-classifier.ts';
import { defaultModel, LAB_A } from '../../../cli/test-support/default-model.ts';
import { IncidentStage } from '../sensor/incident-stage.ts';
import { CsvBatcher } from '../sensor/csv-batcher.ts';
import { Sensor, SENSOR_DEFAULTS, type SensorModel } from '../sensor/sensor.ts';
import type { PacketTable } from '../table/packet-table.ts';
import { mulberry32 } from '../model/prng.ts';
import { decodeShardBatch, encodeShardBatch } from './shard-batch.ts';
import { ShardCutter } from './shard-cut.ts';
import { ShardUnit } from './shard-unit.ts';
import { decodeShardVotes, encodeShardVotes, type ShardVotes } from './shard-votes.ts';
import { VoteMerger } from './vote-merge.ts';

const OPTS = {
  quietUs: SENSOR_DEFAULTS.quietS * 1e6,
  maxGroups: SENSOR_DEFAULTS.maxGroups,
  idleUs: SENSOR_DEFAULTS.idleS * 1e6,
  stride: SENSOR_DEFAULTS.stride,
};

/** lab-a's batches as the sensor cuts them (1 MiB of CSV each). */
function labA(): PacketTable[] {
  const tables: PacketTable[] = [];
  const steps = new ParseSteps(new CsvBatcher(), 1 << 20);
  const take = (events: ReturnType<ParseSteps['push']>): void => {
    for (const e of events) if (e.kind === 'batch' && e.batch.table) tables.push(e.batch.table);
  };
  const bytes = gunzipSync(readFileSync(LAB_A));
  for (let at = 0; at < bytes.length; at += 1 << 16) take(steps.push(bytes.subarray(at, at + (1 << 16))));
  take(steps.finish(true));
  return tables;
}

async function single(model: SensorModel, tables: readonly PacketTable[]): Promise<string[]> {
  const out: string[] = [];
  const sensor = new Sensor(model, OPTS, (r) => out.push(JSON.stringify(r)));
  for (const t of tables) await sensor.process(t);
  await sensor.flush();
  return out;
}

/** The fleet in process: every shard's votes, through the wire, handed to the merge by `deliver`. */
async function fleet(
  model: SensorModel,
  tables: readonly PacketTable[],
  shards: number,
  deliver: (votes: ShardVotes[], add: (v: ShardVotes) => void) => void,
): Promise<{ records: string[]; merger: VoteMerger }> {
  const records: string[] = [];
  const cutter = new ShardCutter(model.views, { shards, maxGroups: OPTS.maxGroups, idleUs: OPTS.idleUs });
  const units = Array.from({ length: shards }, (_, s) => new ShardUnit(s, model, OPTS));
  const stage = new IncidentStage(model, OPTS.quietUs, (r) => records.push(JSON.stringify(r)));
  const merger = new VoteMerger(
    shards,
    model.views.map((v) => v.name),
    stage,
  );
  const votes: ShardVotes[] = [];
  for (const batch of [...tables.map((t) => cutter.cut(t)), cutter.end()])
    for (const b of batch) {
      const v = await units[b.shard].take(decodeShardBatch(encodeShardBatch(b)));
      votes.push(decodeShardVotes(encodeShardVotes(v)));
    }
  deliver(votes, (v) => merger.add(v));
  return { records, merger };
}

describe('the fleet in process', () => {
  let model: SensorModel;
  let tables: PacketTable[];
  let expected: string[];
  beforeAll(async () => {
    model = (await loadSensorModel(await defaultModel())).model;
    tables = labA();
    expected = await single(model, tables);
  }, 30 * 60_000);

  it('writes the single sensor records with one shard', async () => {
    expect(expected.filter((r) => r.includes('"event_type":"alert"')).length).toBeGreaterThan(3);
    const { records, merger } = await fleet(model, tables, 1, (votes, add) => votes.forEach(add));
    expect(merger.done).toBe(true);
    expect(records).toEqual(expected);
  }, 120_000);

  it('writes them with five shards, the votes shuffled and some sent twice', async () => {
    const random = mulberry32(7);
    const { records, merger } = await fleet(model, tables, 5, (votes, add) => {
      const sent = [...votes, ...votes.filter(() => random() < 0.2)];
      for (let i = sent.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [sent[i], sent[j]] = [sent[j], sent[i]];
      }
      sent.forEach(add);
    });
    expect(merger.done).toBe(true);
    expect(merger.duplicates).toBeGreaterThan(0);
    expect(records).toEqual(expected);
  }, 120_000);
});
