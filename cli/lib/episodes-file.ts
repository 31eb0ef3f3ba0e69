/** Reads an episodes.json (lab format) and marks each row with the episode it falls in, for by-episode splits. */
import { episodesFromJson, type EpisodeSpan } from '../../src/core/detect/alert-eval.ts';
import { naming, readNamedFile } from './named-file.ts';

export function readEpisodes(path: string): EpisodeSpan[] {
  const json = readJsonFile(path);
  try {
    return episodesFromJson(json);
  } catch (e) {
    throw naming(path, e);
  }
}

/** A JSON file's value; a file that cannot be read or parsed is an error naming it. */
export function readJsonFile(path: string): unknown {
  const text = readNamedFile(path).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw naming(path, e);
  }
}

/** Per row: the index of the episode whose [start, end] holds it, for rows that are not benign; else -1. */
export function rowEpisodes(timeUs: Float64Array, rowLabels: Uint8Array, episodes: readonly EpisodeSpan[]): Int32Array {
  const out = new Int32Array(timeUs.length).fill(-1);
  episodes.forEach((e, i) => {
    for (let r = lowerBound(timeUs, e.startUs); r < timeUs.length && timeUs[r] <= e.endUs; r++)
      if (rowLabels[r] !== 0) out[r] = i;
  });
  return out;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (a[m] < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}
