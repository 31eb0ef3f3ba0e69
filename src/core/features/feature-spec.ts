/**
 * The model's inputs as data, not code scattered around: names in order, with a version that a bundle
 * records. Training, evaluation and the sensor all build their tensors from this spec, so a bundle made in
 * the browser means the same thing in the field.
 *
 * Never features: IP or MAC addresses, absolute times. Off by default: port service classes ("port 22 is
 * ssh"). A model that learns "port 22 means hydra" calls a SYN flood against port 22 a brute force; measured
 * on lab-a (trees on windows, held-out episodes), port services cost 0.14 macro-F1. Ports only enter as
 * "well-known or ephemeral" and as diversity within a window.
 *
 * Version 3 added the layer-4 payload (per packet: present, log bytes; per window: the share with payload
 * and the rate of packets without): what SYN, UDP and ICMP floods share, whatever their protocol and port.
 * Version 4 dropped first_in_group: a group's first packet reads as one after a long silence (featurizer.ts).
 * Version 5 added eth_group (the frame went to a broadcast or multicast address): an ARP sweep broadcasts its
 * questions, while a host refreshing its neighbours' entries asks each one directly; without it a model took a
 * monitoring host's unicast ARP for a sweep.
 */

export const FEATURE_SPEC_VERSION = 5;

/** Per packet, in order. Scaled to roughly unit range here; normalisation (fitted on train) does the rest. */
export const PACKET_FEATURES = [
  'log_frame_len',
  'ip_ttl',
  'log_ip_len',
  'proto_tcp',
  'proto_udp',
  'proto_icmp',
  'proto_arp',
  'proto_other',
  'tcp_syn',
  'tcp_ack',
  'tcp_fin',
  'tcp_rst',
  'tcp_psh',
  'tcp_urg',
  'log_tcp_len',
  'log_tcp_window',
  'dst_port_well_known',
  'dst_port_ephemeral',
  'src_port_well_known',
  'src_port_ephemeral',
  'icmp_echo_request',
  'icmp_echo_reply',
  'icmp_unreachable',
  'icmp_other',
  'log_dt_group',
  'log_dt_stream',
  'seq_delta_sign',
  'log_seq_delta',
  'ack_delta_sign',
  'log_ack_delta',
  'direction',
  'first_in_stream',
  'has_payload',
  'log_payload_len',
  'eth_group',
] as const;

/** Per window, appended to every step of it. */
export const WINDOW_FEATURES = [
  'distinct_dst_ports',
  'distinct_src_ports',
  'distinct_dst_hosts',
  'distinct_src_hosts',
  'dst_port_entropy',
  'size_entropy',
  'log_packet_rate',
  'syn_ratio',
  'syn_ack_ratio',
  'log_window_span',
  'distinct_service_ports',
  'distinct_client_ports',
  'payload_share',
  'log_empty_rate',
] as const;

/** Optional, off by default (see above): destination port as a service class. */
export const SERVICE_PORTS = [
  20, 21, 22, 23, 25, 53, 67, 68, 69, 80, 110, 123, 137, 143, 161, 443, 445, 500, 514, 1900, 3306, 3389, 8080,
] as const;

export interface FeatureSpec {
  readonly version: number;
  readonly packet: readonly string[];
  readonly perWindow: readonly string[];
  /** Adds one-hot destination service classes (SERVICE_PORTS + other) to the packet features. */
  readonly portServices: boolean;
}

export function featureSpec(portServices = false): FeatureSpec {
  const packet: string[] = [...PACKET_FEATURES];
  if (portServices) packet.push(...SERVICE_PORTS.map((p) => `dst_service_${p}`), 'dst_service_other');
  return { version: FEATURE_SPEC_VERSION, packet, perWindow: [...WINDOW_FEATURES], portServices };
}

/** Features per time step: the packet's, then the window's. */
export function stepWidth(spec: FeatureSpec): number {
  return spec.packet.length + spec.perWindow.length;
}

/** Whether a bundle's spec is one this code computes the same way. */
export function sameSpec(a: FeatureSpec, b: FeatureSpec): boolean {
  return (
    a.version === b.version &&
    a.portServices === b.portServices &&
    a.packet.join() === b.packet.join() &&
    a.perWindow.join() === b.perWindow.join()
  );
}
