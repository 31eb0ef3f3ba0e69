/**
 * The index of a benign corpus (public/corpus/benign/corpus.json): which captures it holds, what each is,
 * and whether training uses it or holds it out (to measure what a kind nobody trained on does).
 */

export interface CorpusKind {
  readonly name: string;
  /** The capture's file, beside the index. */
  readonly file: string;
  readonly trained: boolean;
  readonly what: string;
}

export interface CorpusIndex {
  readonly kinds: readonly CorpusKind[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function corpusIndexFromJson(json: unknown): CorpusIndex {
  if (!isRecord(json) || !Array.isArray(json.kinds))
    throw new Error('benign corpus index: expected a JSON object with a "kinds" list');
  const kinds = json.kinds.map((k: unknown, i): CorpusKind => {
    const at = `kinds[${i}]`;
    if (!isRecord(k)) throw new Error(`benign corpus index: ${at} is not an object`);
    if (typeof k.name !== 'string' || !k.name)
      throw new Error(`benign corpus index: ${at}.name must be a non-empty string`);
    if (typeof k.file !== 'string' || !/^[\w.-]+$/.test(k.file))
      throw new Error(`benign corpus index: ${at}.file must be a file name beside the index`);
    if (typeof k.trained !== 'boolean') throw new Error(`benign corpus index: ${at}.trained must be true or false`);
    return { name: k.name, file: k.file, trained: k.trained, what: typeof k.what === 'string' ? k.what : '' };
  });
  return { kinds };
}
