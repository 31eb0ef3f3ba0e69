/**
 * Reading the files a command line names (a model bundle, episodes, data), with errors that say which file: a
 * CLI reads several, and "is a directory" or "not a model bundle" alone does not say which one.
 */
import { readFileSync } from 'node:fs';
import { readBundle, type ReadBundle } from '../../src/core/model/bundle-views.ts';
import { describeError, errnoOf, reasonOf } from './error-words.ts';

/** `e` as an Error whose message starts with `path` (once). */
export function naming(path: string, e: unknown): Error {
  const err = errnoOf(e);
  const message = err ? reasonOf(err) : describeError(e);
  return new Error(message.includes(path) ? message : `${path}: ${message}`);
}

export function readNamedFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw naming(path, e);
  }
}

/** The model bundle at `path` (one view or several), or an error naming the file and what is wrong with it. */
export function readBundleFile(path: string): ReadBundle {
  const bytes = readNamedFile(path);
  try {
    return readBundle(new Uint8Array(bytes));
  } catch (e) {
    throw naming(path, e);
  }
}

/** loadCsvFile's result, or an error naming the file ("The file is empty." alone does not say which). */
export async function loadNamedFile<T>(path: string, load: (path: string) => Promise<T>): Promise<T> {
  try {
    return await load(path);
  } catch (e) {
    throw naming(path, e);
  }
}
