/**
 * The benign corpus the app ships (public/corpus/benign), fetched and parsed in the train worker, so a model
 * trained in the browser sees the same benign traffic as `npm run train` (src/core/variants/benign-rows.ts
 * says why). Its files are small; each is parsed whole.
 */
import { CsvLoad } from '../core/ingest/csv-load.ts';
import type { PacketTable } from '../core/table/packet-table.ts';
import { corpusIndexFromJson } from '../core/variants/benign-corpus.ts';

export const CORPUS_URL = `${import.meta.env.BASE_URL}corpus/benign/`;

async function bytesOf(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not fetch the benign corpus (${url}): HTTP ${res.status}.`);
  const raw = new Uint8Array(await res.arrayBuffer());
  // A server may already have undone the gzip (Content-Encoding); told by content, as every load is.
  if (raw[0] !== 0x1f || raw[1] !== 0x8b) return raw;
  return new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer(),
  );
}

/** The tables of the kinds training uses. */
export async function fetchBenignCorpus(base = CORPUS_URL): Promise<PacketTable[]> {
  const index = corpusIndexFromJson(
    JSON.parse(new TextDecoder().decode(await bytesOf(`${base}corpus.json`))) as unknown,
  );
  const tables: PacketTable[] = [];
  for (const k of index.kinds.filter((x) => x.trained)) {
    const text = await bytesOf(`${base}${k.file}`);
    const load = new CsvLoad({ fileName: k.file, fileBytes: text.length, compressed: false });
    load.push(text);
    tables.push(load.finish().table);
  }
  return tables;
}
