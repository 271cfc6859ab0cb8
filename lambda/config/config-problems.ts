import type * as z from 'zod';
import { nearMatch } from './near-match';

/**
 * Turns schema issues into messages a person can act on: the field, "required" for a missing one,
 * the bad value echoed, and "did you mean …" for a misspelt field name.
 */
export function problemText(issue: z.core.$ZodIssue, raw: unknown, schema: z.ZodType): string {
  const field = ['janitor', ...issue.path.map(String)].join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = objectKeysAt(schema, issue.path);
    const keys = issue.keys.map((k) => {
      const near = nearMatch(k, known);
      return near ? `"${k}" (did you mean "${near}"?)` : `"${k}"`;
    });
    return `${field}: unknown field(s) ${keys.join(', ')}`;
  }
  const value = valueAt(raw, issue.path);
  if (value === undefined && issue.code === 'invalid_type') return `${field}: required (expected ${issue.expected})`;
  const message = issue.message.replace(/^Invalid input: /, '');
  if (value === undefined || issue.code === 'custom') return `${field}: ${message}`;
  return `${field}: ${message} (got ${echo(value)})`;
}

function echo(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Looks through defaults, optionals, pipes, arrays and records to the object schema inside, if any. */
function objectSchemaWithin(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  for (let depth = 0; node && defOf(node).type !== 'object' && depth < 10; depth++) {
    const def: Def = defOf(node);
    node = def.innerType ?? def.in ?? def.element ?? def.valueType;
  }
  return node && defOf(node).type === 'object' ? node : undefined;
}

/** The field names the object schema at `path` knows, looking through defaults, optionals and arrays. */
function objectKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let node: z.ZodType | undefined = schema;
  for (const key of [...path, undefined]) {
    node = objectSchemaWithin(node);
    if (!node) return [];
    if (key === undefined) return Object.keys(defOf(node).shape ?? {});
    node = typeof key === 'number' ? node : defOf(node).shape?.[String(key)];
  }
  return [];
}
