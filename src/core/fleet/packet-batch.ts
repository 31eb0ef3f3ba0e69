/**
 * One batch of packets as bytes, for a capture point to publish and a fleet worker to read: the PacketTable
 * the sensor's batchers hand to `Sensor.process` (CsvBatcher/CaptureBatcher `take().table`), column by
 * column, never a record per packet. Decoding gives back the same table, cell for cell.
 *
 * Layout (every number little-endian; `bitmap` is PacketTable's: bit r of byte r >> 3):
 *   magic 'NIDB', version u16, columns u16, rows u32
 *   timeUs f64 × rows, timeNs u16 × rows
 *   per column: kind u8 (int, float, string, time), type u8 (FIELD_TYPES index), name (u16 length, UTF-8)
 *     int     width u8 (1, 2, 4), cells; values of the present rows only
 *     float   cells (present: not NaN); values of the present rows only
 *     string  code width u8, dictionary (u32 count, each u32 length + UTF-8), has codes u8, codes × rows
 *     time    zones (u32 count, each u32 length + UTF-8), has codes u8, zone codes u8 × rows
 *   cells: u8 0 = none present, 1 = all present, 2 = a bitmap follows
 * Most columns are present on every row or on none (frame.*, eth.* against http.*), so they cost a byte or
 * their values and nothing more. Bad bytes throw PacketBatchError saying what is wrong and at which byte.
 */
export { PACKET_BATCH_VERSION, PacketBatchError } from './batch-format.ts';
export { decodePacketBatch } from './batch-reader.ts';
export { encodePacketBatch } from './batch-writer.ts';
