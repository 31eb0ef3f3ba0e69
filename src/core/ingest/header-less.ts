/**
 * Tells a first line that is a packet row rather than a header (tshark writes a header only with
 * `-E header=y`), so the refusal can say that instead of "no known field".
 */

const PACKET_VALUE = [
  /^\d{9,10}\.\d{1,9}$/, // epoch seconds
  /^(\d{1,3}\.){3}\d{1,3}(,(\d{1,3}\.){3}\d{1,3})*$/, // IPv4 addresses
  /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i, // a MAC address
  /^eth:ethertype(:[a-z0-9_.-]+)*$/, // frame.protocols
  /^[A-Z][a-z]{2} {1,2}\d{1,2}, \d{4} \d{2}:\d{2}:\d{2}/, // frame.time
];

/** Whether the first line's fields look like a packet's values: times, addresses, a protocol stack. */
export function looksLikePacketRow(fields: readonly string[]): boolean {
  return fields.some((f) => PACKET_VALUE.some((re) => re.test(f)));
}
