/**
 * Field-name completion for filter boxes: which name the caret is in, the known names that start like it,
 * and the text once one is accepted. Values are never completed: a word after a comparison, inside a
 * string or a set, or one that starts with a digit (an address, a number) offers nothing.
 */
import { filterSchema } from './filter-fields.ts';

/** The word under the caret that completion would replace: text[start, end), typed as far as the caret. */
export interface CompletionSpot {
  readonly start: number;
  readonly end: number;
  readonly prefix: string;
}

export interface Completion extends CompletionSpot {
  /** Known names that start with the prefix (ignoring case), in order; never only the prefix itself. */
  readonly options: readonly string[];
}

/** The characters of a field or protocol name (the lexer's word, less ':' and '/' of values). */
const NAME_CHAR = /[A-Za-z0-9_.-]/;
/** The words after which a value follows, not a name. */
const VALUE_AFTER =
  /(==|!=|===|!==|~=|<=|>=|<|>|~|(?<!&)&(?!&)|\b(?:eq|ne|any_eq|all_ne|all_eq|any_ne|lt|le|gt|ge|contains|matches))\s*$/i;

/** Where the name being typed at `caret` lies, or null when the caret is not in a name. */
export function completionSpot(text: string, caret: number): CompletionSpot | null {
  let start = caret;
  while (start > 0 && NAME_CHAR.test(text[start - 1])) start--;
  let end = caret;
  while (end < text.length && NAME_CHAR.test(text[end])) end++;
  const prefix = text.slice(start, caret);
  if (prefix === '' || !/^[A-Za-z_]/.test(prefix)) return null;
  const before = text.slice(0, start);
  if (insideString(before) || insideSet(before) || VALUE_AFTER.test(before)) return null;
  return { start, end, prefix };
}

/** The completion at `caret` from `names`, or null when there is nothing to offer. */
export function completeField(names: Iterable<string>, text: string, caret: number, limit = 40): Completion | null {
  const spot = completionSpot(text, caret);
  if (!spot) return null;
  const lower = spot.prefix.toLowerCase();
  const found = new Set<string>();
  for (const n of names) if (n.toLowerCase().startsWith(lower)) found.add(n);
  // The name already typed in full is no suggestion on its own, but stays first among its longer kin.
  const options = [...found].sort(byName).slice(0, limit);
  if (options.length === 0 || (options.length === 1 && options[0].toLowerCase() === lower)) return null;
  return { ...spot, options };
}

/** The text with the spot's word replaced by `name`, and where the caret goes (after it). */
export function acceptCompletion(text: string, spot: CompletionSpot, name: string): { text: string; caret: number } {
  return { text: text.slice(0, spot.start) + name + text.slice(spot.end), caret: spot.start + name.length };
}

/** Every name a filter knows (fields, protocols, either-end fields) and the open capture's own columns. */
export function filterNames(columns: Iterable<string>): string[] {
  return [...new Set([...filterSchema().names.keys(), ...columns])];
}

/** Alphabetical by dotted parts, so `tcp.flags` comes before `tcp.flags.ack` and `tcp.flags_x`. */
function byName(a: string, b: string): number {
  const pa = a.toLowerCase().split('.');
  const pb = b.toLowerCase().split('.');
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}

/** Whether `before` ends inside a double-quoted string (escapes counted, raw strings too). */
function insideString(before: string): boolean {
  let open = false;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (open && c === '\\') i++;
    else if (c === '"') open = !open;
  }
  return open;
}

/** Whether `before` ends inside `{ ... }`, where set members are values. */
function insideSet(before: string): boolean {
  return before.lastIndexOf('{') > before.lastIndexOf('}');
}
