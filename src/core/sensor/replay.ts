/**
 * The sensor over a capture already loaded, for evaluation: the table's rows go through `Sensor` in batches,
 * in time order, as a file would, and the records it writes are returned. What evaluation scores is then what
 * the sensor writes, incidents and all, not a model of it.
 */
import { sliceRows } from '../table/slice-rows.ts';
import type { PacketTable } from '../table/packet-table.ts';
import type { EveRecord } from './eve.ts';
import { Sensor, SENSOR_DEFAULTS, type SensorModel, type SensorOptions } from './sensor.ts';

/** The sensor's defaults, as `npm run sensor` runs. */
export const REPLAY_OPTIONS: SensorOptions = {
  quietUs: SENSOR_DEFAULTS.quietS * 1e6,
  maxGroups: SENSOR_DEFAULTS.maxGroups,
  idleUs: SENSOR_DEFAULTS.idleS * 1e6,
  stride: SENSOR_DEFAULTS.stride,
};

/** A multiple of 8, so every batch shares the table's presence bitmaps. */
const BATCH_ROWS = 8192;

export async function replaySensor(
  model: SensorModel,
  table: PacketTable,
  opts: SensorOptions = REPLAY_OPTIONS,
): Promise<EveRecord[]> {
  const records: EveRecord[] = [];
  const sensor = new Sensor(model, opts, (r) => records.push(r));
  for (let from = 0; from < table.rowCount; from += BATCH_ROWS) {
    await sensor.process(sliceRows(table, from, Math.min(table.rowCount, from + BATCH_ROWS)));
  }
  await sensor.flush('shutdown');
  return records;
}
