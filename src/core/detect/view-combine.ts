/**
 * How the views' votes combine into alerts. The host-pair view sees a conversation whole and is the quiet
 * one; the spread-out views (by source, by destination) exist for what no pair can show: a random-source
 * flood (one or two packets per pair) and a sweep (one host, many pairs of a few packets each). Let them
 * vote on everything and every busy server or client becomes a suspect: on captures kept back from the
 * project the source view alone raised 44.6 false alerts an hour, the destination view 22.3, the pair view 0.
 *
 * `spread` (the default): the pair (and flow) view votes on every window; a spread-out view's window counts
 * as malicious only while the host pair of its last packet has had fewer than SPREAD_PAIR_PACKETS packets,
 * that is while the traffic really is spread over many pairs. `any`: every view votes on every window (the
 * rule before; kept to measure against).
 */
import type { GroupKey } from '../features/group-key.ts';

export type ViewCombine = 'spread' | 'any';
export const VIEW_COMBINES: readonly ViewCombine[] = ['spread', 'any'];
export const DEFAULT_VIEW_COMBINE: ViewCombine = 'spread';

/** A pair with this many packets is a conversation the pair view sees whole. */
export const SPREAD_PAIR_PACKETS = 10;

/** A view's windows may vote malicious while their last packet's pair has fewer packets than this. */
export function pairLimitOf(key: GroupKey, combine: ViewCombine): number {
  if (combine === 'any' || key === 'pair' || key === 'flow') return Infinity;
  return SPREAD_PAIR_PACKETS;
}
