/**
 * Training-time augmentation of windows, on their features before normalisation. An attack seen once in
 * the training capture ran at one rate (lab-a's SYN flood: ~9,000 packets/s); the same tool elsewhere runs at
 * 2,000 or 500, and benign traffic on another network is faster or slower too. Time-scaling a window's
 * timing features by a random factor (every gap and the span multiplied by s, the rate divided by s) keeps
 * what the window is and varies only how fast it went, so the model cannot tie a class to one rate.
 *
 * Applied to the features as computed (feature-spec.ts): per packet log1p(gap µs) / 20 (0 = no previous
 * packet in the flow, 1 = none in the group: both kept); per window log1p(rate per s) / 14 and
 * log1p(span µs) / 20. Deterministic for one PRNG.
 */
import type { Rng } from '../model/prng.ts';
import type { FeatureSpec } from './feature-spec.ts';

export interface AugmentOptions {
  /** Largest time factor: factors are drawn log-uniformly from [1 / timeScale, timeScale]; 1 = off. */
  readonly timeScale: number;
  /** Share of windows augmented (the rest pass unchanged). */
  readonly probability: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = { timeScale: 5, probability: 0.5 };

/** Where the timing features sit in a step (indices into packet features + window features). */
export interface TimingSlots {
  /** log1p(gap µs) / 20, per packet. */
  readonly gaps: readonly number[];
  /** log1p(rate /s) / 14. */
  readonly rate: readonly number[];
  /** log1p(span µs) / 20. */
  readonly span: readonly number[];
}

const GAP_FEATURES = new Set(['log_dt_group', 'log_dt_stream']);
const RATE_FEATURES = new Set(['log_packet_rate', 'log_empty_rate']);
const SPAN_FEATURES = new Set(['log_window_span']);

export function timingSlots(spec: FeatureSpec): TimingSlots {
  const names = [...spec.packet, ...spec.perWindow];
  const where = (set: Set<string>): number[] => names.flatMap((n, i) => (set.has(n) ? [i] : []));
  return { gaps: where(GAP_FEATURES), rate: where(RATE_FEATURES), span: where(SPAN_FEATURES) };
}

/** One window (`steps` rows of `width` at x[at..]) time-scaled by `s` in place. */
export function timeScaleWindow(
  x: Float32Array,
  at: number,
  steps: number,
  width: number,
  slots: TimingSlots,
  s: number,
): void {
  const ls = Math.log(s);
  for (let k = 0; k < steps; k++) {
    const o = at + k * width;
    for (const i of slots.gaps) {
      const v = x[o + i];
      if (v > 0 && v < 1) x[o + i] = Math.log1p(Math.expm1(v * 20) * s) / 20;
    }
    for (const i of slots.span) {
      const v = x[o + i];
      if (v > 0) x[o + i] = Math.log1p(Math.expm1(v * 20) * s) / 20;
    }
    // rate' = rate / s; computed in log space for the tiny rates a factor can make.
    for (const i of slots.rate) {
      const v = x[o + i];
      if (v > 0) {
        const lr = Math.log(Math.expm1(v * 14)) - ls;
        x[o + i] = Math.log1p(Math.exp(lr)) / 14;
      }
    }
  }
}

/** Augments `count` windows of `steps` × `width` in x (unnormalised features) in place; returns the factors drawn (1 = left alone). */
export function augmentWindows(
  x: Float32Array,
  count: number,
  steps: number,
  width: number,
  slots: TimingSlots,
  opts: AugmentOptions,
  rng: Rng,
): Float32Array {
  const factors = new Float32Array(count).fill(1);
  if (!(opts.timeScale > 1) || !(opts.probability > 0)) return factors;
  const lmax = Math.log(opts.timeScale);
  for (let w = 0; w < count; w++) {
    // Two draws per window whatever happens, so one window's draw never shifts another's.
    const u = rng();
    const v = rng();
    if (u >= opts.probability) continue;
    const s = Math.exp((2 * v - 1) * lmax);
    factors[w] = s;
    timeScaleWindow(x, w * steps * width, steps, width, slots, s);
  }
  return factors;
}

/**
 * Jitter: the same traffic on a loaded host or a real network. Time-scaling stretches every gap alike; a busy
 * machine or a link does not: gaps of microseconds (a server's reply, the client's next request) grow to
 * milliseconds while a second between pages stays a second. The lab's hosts answered in microseconds and
 * its brute forces waited on failed logins, so a model that saw only lab timing called a busy client's page
 * loads a brute force (the live test on a loaded CI runner). Each packet of a jittered window gets a delay
 * drawn uniformly in [0, J], with J log-uniform in [JITTER_MIN_US, maxUs] per window, added to its gaps; the
 * window's span grows by the delays inside it and its rates shrink to match.
 */
export interface JitterOptions {
  /** Largest J in µs; 0 = off. */
  readonly maxUs: number;
  /** Share of windows jittered. */
  readonly probability: number;
}

export const JITTER_MIN_US = 100;

/** One window jittered in place by the packet delays `delays` (µs, one per step). */
export function jitterWindow(
  x: Float32Array,
  at: number,
  steps: number,
  width: number,
  slots: TimingSlots,
  delays: ArrayLike<number>,
): void {
  let added = 0;
  for (let k = 0; k < steps; k++) {
    const o = at + k * width;
    // 0 (no previous packet in the flow, or the same µs) and 1 (none in the group) are kept: not gaps.
    for (const i of slots.gaps) {
      const v = x[o + i];
      if (v > 0 && v < 1) x[o + i] = Math.log1p(Math.expm1(v * 20) + delays[k]) / 20;
    }
    if (k > 0) added += delays[k];
  }
  if (added <= 0 || slots.span.length === 0) return;
  // The window features repeat at every step: the same span and rates, so one factor for all.
  const span = Math.expm1(x[at + slots.span[0]] * 20);
  const next = span + added;
  const spanValue = Math.log1p(next) / 20;
  // Rates are packets per span (window-features.ts floors the span at 1 µs), so they shrink by span / span'.
  const f = Math.max(span, 1) / Math.max(next, 1);
  for (let k = 0; k < steps; k++) {
    const o = at + k * width;
    for (const i of slots.span) x[o + i] = spanValue;
    for (const j of slots.rate) {
      const v = x[o + j];
      if (v > 0) x[o + j] = Math.log1p(Math.expm1(v * 14) * f) / 14;
    }
  }
}

/** Jitters `count` windows (unnormalised features) in place; returns each window's J (0 = left alone). */
export function jitterWindows(
  x: Float32Array,
  count: number,
  steps: number,
  width: number,
  slots: TimingSlots,
  opts: JitterOptions,
  rng: Rng,
): Float32Array {
  const used = new Float32Array(count);
  if (!(opts.maxUs > JITTER_MIN_US) || !(opts.probability > 0)) return used;
  const lmin = Math.log(JITTER_MIN_US);
  const lmax = Math.log(opts.maxUs);
  const delays = new Float64Array(steps);
  for (let w = 0; w < count; w++) {
    // The same number of draws per window whatever happens, so one window's draw never shifts another's.
    const u = rng();
    const j = Math.exp(lmin + rng() * (lmax - lmin));
    for (let k = 0; k < steps; k++) delays[k] = rng() * j;
    if (u >= opts.probability) continue;
    used[w] = j;
    jitterWindow(x, w * steps * width, steps, width, slots, delays);
  }
  return used;
}

/**
 * Feature groups a window can lose in training (set to the training mean, 0 after normalisation), so the
 * model learns more than one way to tell a class: a flood by its rate and sameness when its protocol is
 * new, a scan by its port spread when its timing is new.
 */
export const MASK_GROUPS: Readonly<Record<string, readonly string[]>> = {
  protocol: [
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
    'icmp_echo_request',
    'icmp_echo_reply',
    'icmp_unreachable',
    'icmp_other',
    'syn_ratio',
    'syn_ack_ratio',
  ],
  ports: ['dst_port_well_known', 'dst_port_ephemeral', 'src_port_well_known', 'src_port_ephemeral'],
  sizes: [
    'log_frame_len',
    'log_ip_len',
    'log_tcp_len',
    'log_tcp_window',
    'ip_ttl',
    'size_entropy',
    'has_payload',
    'log_payload_len',
    'payload_share',
  ],
};

/** Step indices of each mask group present in the spec (groups with none are left out). */
export function maskSlots(spec: FeatureSpec): number[][] {
  const names = [...spec.packet, ...spec.perWindow];
  return Object.values(MASK_GROUPS)
    .map((g) => g.map((n) => names.indexOf(n)).filter((i) => i >= 0))
    .filter((g) => g.length > 0);
}

/** On NORMALISED windows: with probability `share` a window loses one group (chosen at random) at every step. */
export function maskWindows(
  x: Float32Array,
  count: number,
  steps: number,
  width: number,
  groups: readonly (readonly number[])[],
  share: number,
  rng: Rng,
): Int32Array {
  const masked = new Int32Array(count).fill(-1);
  if (!(share > 0) || groups.length === 0) return masked;
  for (let w = 0; w < count; w++) {
    const u = rng();
    const v = rng();
    if (u >= share) continue;
    const g = Math.min(groups.length - 1, Math.floor(v * groups.length));
    masked[w] = g;
    for (let k = 0; k < steps; k++) {
      const o = (w * steps + k) * width;
      for (const i of groups[g]) x[o + i] = 0;
    }
  }
  return masked;
}
