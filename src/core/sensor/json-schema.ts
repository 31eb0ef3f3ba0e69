/**
 * A small JSON Schema validator for the keywords our schemas and Suricata's EVE schema use on our records:
 * type, properties, required, additionalProperties (boolean or schema), items, minItems, enum, pattern,
 * minimum, maximum, $ref to #/$defs, oneOf. Unknown keywords are ignored (as JSON Schema says), so this never
 * rejects on what it does not know; it only lacks checks it does not implement. No dependency for a few rules.
 */

export type Schema = boolean | { readonly [keyword: string]: unknown };

/** Problems found ("path: what"), empty when `value` is valid. */
export function validate(schema: Schema, value: unknown, root: Schema = schema, path = '$'): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${path}: not allowed`];
  const s = schema as Record<string, unknown>;
  const out: string[] = [];
  if (typeof s.$ref === 'string') {
    const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
    const defs = typeof root === 'object' ? (root.$defs as Record<string, Schema> | undefined) : undefined;
    const target = m && defs ? defs[m[1]] : undefined;
    if (target === undefined) return [`${path}: unresolved $ref ${s.$ref}`];
    out.push(...validate(target, value, root, path));
  }
  if (typeof s.type === 'string' && !hasType(value, s.type))
    return [...out, `${path}: expected ${s.type}, got ${JSON.stringify(value)}`];
  if (Array.isArray(s.enum) && !s.enum.some((e) => e === value))
    out.push(`${path}: ${JSON.stringify(value)} not in ${JSON.stringify(s.enum)}`);
  if (typeof s.pattern === 'string' && typeof value === 'string' && !new RegExp(s.pattern, 'u').test(value))
    out.push(`${path}: ${JSON.stringify(value)} does not match ${s.pattern}`);
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) out.push(`${path}: ${value} < ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) out.push(`${path}: ${value} > ${s.maximum}`);
  }
  if (Array.isArray(s.oneOf)) {
    const ok = s.oneOf.filter((sub) => validate(sub as Schema, value, root, path).length === 0).length;
    if (ok !== 1) out.push(`${path}: matches ${ok} of oneOf, not exactly one`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      out.push(`${path}: fewer than ${s.minItems} items`);
    if (s.items !== undefined)
      value.forEach((v, i) => {
        out.push(...validate(s.items as Schema, v, root, `${path}[${i}]`));
      });
  } else if (isObject(value)) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    if (Array.isArray(s.required))
      for (const k of s.required) if (typeof k === 'string' && !(k in value)) out.push(`${path}: missing ${k}`);
    for (const [k, v] of Object.entries(value)) {
      if (k in props) out.push(...validate(props[k], v, root, `${path}.${k}`));
      else if (s.additionalProperties !== undefined)
        out.push(...validate(s.additionalProperties as Schema, v, root, `${path}.${k}`));
    }
  }
  return out;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    default:
      return true;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
