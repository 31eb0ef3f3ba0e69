/**
 * Which application dissector tshark 4.0 (default preferences) hands a TCP or UDP payload to, by port:
 * the names are the ones `frame.protocols` lists. Ports not here give `data`.
 */

export const TCP_PORTS: ReadonlyMap<number, string> = new Map([
  [20, 'ftp-data'],
  [21, 'ftp'],
  [22, 'ssh'],
  [23, 'telnet'],
  [25, 'smtp'],
  [53, 'dns'],
  [80, 'http'],
  [110, 'pop'],
  [143, 'imap'],
  [3128, 'http'],
  [3132, 'http'],
  [5985, 'http'],
  [8080, 'http'],
  [8088, 'http'],
  [11371, 'http'],
  [1900, 'http'],
  [2869, 'http'],
  [2710, 'http'],
]);

export const UDP_PORTS: ReadonlyMap<number, string> = new Map([
  [53, 'dns'],
  [67, 'dhcp'],
  [68, 'dhcp'],
  [69, 'tftp'],
  [123, 'ntp'],
  [137, 'nbns'],
  [138, 'nbdgm'],
  [161, 'snmp'],
  [162, 'snmp'],
  [500, 'isakmp'],
  [514, 'syslog'],
  [1900, 'ssdp'],
  [5353, 'mdns'],
  [5355, 'llmnr'],
]);

/** tshark tries the lower port first, then the higher. */
export function byPorts(table: ReadonlyMap<number, string>, a: number, b: number): string | undefined {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return table.get(lo) ?? table.get(hi);
}
