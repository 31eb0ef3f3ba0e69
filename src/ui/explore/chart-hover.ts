/**
 * The hover lines of a bin, in words: its packets, and per hover field its top values with counts and shares
 * ("suspicious 25,397 (97.7%), benign 586 (2.3%)"), written with thousands separators like the tables. The
 * text is plain: the figure builder escapes it for Plotly's label markup.
 */
import { topsOfBin } from '../../core/query/bin-tops.ts';
import type { BinHover } from '../../core/query/time-series.ts';
import { formatCount, formatPercent } from '../format.ts';

/** The line names in the hover; packets first, then the fields in the order asked. */
export const PACKETS_LINE = 'packets';

/**
 * Per line name, its text per bin. `withPackets` adds the packet count, for metrics whose value is not it
 * (bytes, mean of a field); a count series shows its count as its value already.
 */
export function hoverTexts(hover: BinHover, withPackets: boolean): Record<string, string[]> {
  const { packets } = hover;
  const out: Record<string, string[]> = {};
  if (withPackets) out[PACKETS_LINE] = Array.from(packets, (n) => formatCount(n));
  for (const [field, tops] of Object.entries(hover.fields))
    out[field] = Array.from(packets, (total, bin) => valuesText(topsOfBin(tops, bin), total));
  return out;
}

function valuesText(tops: readonly { value: string; count: number }[], total: number): string {
  if (total === 0) return '—';
  const parts = tops.map((t) => `${t.value === '' ? '(empty)' : t.value} ${share(t.count, total)}`);
  const rest = total - tops.reduce((s, t) => s + t.count, 0);
  if (rest > 0) parts.push(`others ${share(rest, total)}`);
  return parts.join(', ');
}

function share(count: number, total: number): string {
  return count === total ? `${formatCount(count)} (all)` : `${formatCount(count)} (${formatPercent(count, total)})`;
}
