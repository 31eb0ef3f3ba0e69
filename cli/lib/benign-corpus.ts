/** The project's benign corpus (src/core/variants/benign-rows.ts says why training uses it), read in Node. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusIndexFromJson, type CorpusIndex } from '../../src/core/variants/benign-corpus.ts';
import type { PacketTable } from '../../src/core/table/packet-table.ts';
import { readJsonFile } from './episodes-file.ts';
import { loadCsvFile } from './load-csv-file.ts';

/** The corpus the project ships, wherever the command is run from. */
export const DEFAULT_BENIGN_CORPUS = fileURLToPath(new URL('../../public/corpus/benign', import.meta.url));

export function readCorpusIndex(dir: string): CorpusIndex {
  return corpusIndexFromJson(readJsonFile(join(dir, 'corpus.json')));
}

/** The captures of the kinds training uses. */
export async function loadTrainedKinds(dir: string): Promise<{ names: string[]; tables: PacketTable[] }> {
  const kinds = readCorpusIndex(dir).kinds.filter((k) => k.trained);
  const tables: PacketTable[] = [];
  for (const k of kinds) tables.push((await loadCsvFile(join(dir, k.file))).table);
  return { names: kinds.map((k) => k.name), tables };
}
