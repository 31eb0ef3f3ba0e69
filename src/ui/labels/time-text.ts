/**
 * Times as a researcher types them into the label form: ISO 8601 in UTC with up to nine fraction digits
 * (`2026-11-22T20:12:58.570535Z`, as the form shows them), an explicit offset, or epoch seconds as tools
 * and episode logs print them (`1795378378.5705352`). Whole microseconds, like the packet table.
 */

/** `2026-11-22T20:12:58.570535Z` for whole microseconds since the epoch. */
export function formatTimeUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // ...SS.mmmZ
  const micro = String(us - ms * 1000).padStart(3, '0');
  return `${iso.slice(0, -1)}${micro}Z`;
}

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Whole microseconds since the epoch, or null when the text is not a time. A time without a zone is UTC. */
export function parseTimeText(text: string): number | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const [s, f = ''] = t.split('.');
    return Number(s) * 1e6 + Number(f.padEnd(6, '0').slice(0, 6));
  }
  const m = ISO.exec(t);
  if (!m) return null;
  const [, date, time, frac = '', zone = 'Z'] = m;
  const base = Date.parse(
    `${date}T${time}${zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`,
  );
  if (Number.isNaN(base)) return null;
  return base * 1000 + Number(frac.padEnd(6, '0').slice(0, 6));
}
