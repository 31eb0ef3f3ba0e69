/**
 * Attack episodes as the lab records them (episodes.json: `episodes[]` with tool, variant, start and end in
 * epoch seconds). Errors name the entry and field, since users bring their own files in this format.
 */
import type { EpisodeSpan } from './alert-eval.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function episodesFromJson(json: unknown): EpisodeSpan[] {
  if (!isRecord(json)) throw new Error('episodes file: expected a JSON object with an "episodes" list');
  const list = json.episodes;
  if (!Array.isArray(list)) throw new Error('episodes file: "episodes" is missing or not a list');
  return list.map((e: unknown, i) => {
    const at = `episodes[${i}]`;
    if (!isRecord(e)) throw new Error(`episodes file: ${at} is not an object`);
    if (typeof e.tool !== 'string' || !e.tool) throw new Error(`episodes file: ${at}.tool must be a non-empty string`);
    if (e.variant !== undefined && typeof e.variant !== 'string')
      throw new Error(`episodes file: ${at}.variant must be a string`);
    const start = e.start;
    const end = e.end;
    if (typeof start !== 'number' || !Number.isFinite(start))
      throw new Error(`episodes file: ${at}.start must be a number of epoch seconds`);
    if (typeof end !== 'number' || !Number.isFinite(end))
      throw new Error(`episodes file: ${at}.end must be a number of epoch seconds`);
    if (end < start) throw new Error(`episodes file: ${at} ends before it starts (${end} < ${start})`);
    // Whole µs, like PacketTable.timeUs; rounding (not truncating) keeps 1795378378.5705352 at ...570535.
    const startUs = Math.round(start * 1e6);
    const endUs = Math.round(end * 1e6);
    // A time past 2^53 µs (1e308 became Infinity: found by fuzzing) is no packet's time.
    for (const [k, v, us] of [
      ['start', start, startUs],
      ['end', end, endUs],
    ] as const) {
      if (!Number.isSafeInteger(us))
        throw new Error(`episodes file: ${at}.${k} ${v} is not a time a capture can have (epoch seconds)`);
    }
    return { tool: e.tool, variant: e.variant ?? '', startUs, endUs };
  });
}
