import { gunzipSync } from 'node:zlib';

/**
 * What the Terraform and Pulumi state parsers share: the shape they return, and reading an
 * untrusted state file (bytes, maybe gzipped) into a JSON object. Error messages name key
 * paths only: a state holds secrets, and these messages end up in reports and logs.
 */

export interface StateIdentity {
  /** An ARN, id, name or URL as the state records it (trimmed, non-empty). */
  readonly value: string;
  /** Where it came from, for the report: e.g. "aws_instance.web", "module.net.aws_subnet.a[0]", "aws:s3/bucket:Bucket::logs". */
  readonly address: string;
}

export interface ParsedState {
  readonly identities: readonly StateIdentity[];
  /** e.g. Terraform `serial` and `lineage`, Pulumi `version`; never any attribute values besides identities. */
  readonly meta: Readonly<Record<string, string | number>>;
}

/** The state cannot be read; the message says what is wrong, never echoes state contents beyond a key path. */
export class StateParseError extends Error {
  override name = 'StateParseError';
}

/** A V8 string tops out near 512 MiB, so a larger inflated state could not be parsed anyway: stop a gzip bomb there. */
const MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/** The file's top-level JSON object; `what` ("Terraform state") prefixes the errors. */
export function readStateJson(bytes: Uint8Array | string, what: string): Record<string, unknown> {
  const text = typeof bytes === 'string' ? bytes.replace(/^\uFEFF/, '') : decodeUtf8(inflateIfGzipped(bytes, what), what);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // V8's SyntaxError quotes the input around the fault; say where instead.
    throw new StateParseError(`${what} is not valid JSON: ${describeFault(text, jsonSyntaxErrorOffset(text))}`);
  }
  if (!isRecord(parsed)) throw new StateParseError(`${what} is not a JSON object at the top level`);
  return parsed;
}

function inflateIfGzipped(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new StateParseError(`${what} is gzipped but does not inflate${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    // Strips a leading byte-order mark too.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StateParseError(`${what} is not valid UTF-8`);
  }
}

function describeFault(text: string, offset: number | undefined): string {
  if (offset === undefined) return 'nested too deeply to locate the fault';
  if (offset >= text.length) return `unexpected end of input at position ${offset}`;
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return `unexpected character at position ${offset} (line ${line}, column ${offset - lineStart + 1})`;
}

const WHITESPACE = /[ \t\n\r]*/y;
// Any code unit from U+0020 up except `"` and `\`, or an escape: JSON's string grammar (RFC 8259 §7).
const STRING_BODY = String.raw`(?:[\u0020\u0021\u0023-\u005b\u005d-\uffff]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*`;

/**
 * Each token's longest beginning (so that a fault lands on its own character, as V8 places
 * it) and the whole token.
 */
const TOKENS = {
  string: { start: new RegExp(`"${STRING_BODY}(?:"|\\\\(?:u[0-9a-fA-F]{0,3})?)?`, 'y'), whole: new RegExp(`^"${STRING_BODY}"$`) },
  number: {
    start: /-?(?:(?:0|[1-9][0-9]*)(?:\.(?:[0-9]+(?:[eE][+-]?[0-9]*)?)?|[eE][+-]?[0-9]*)?)?/y,
    whole: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/,
  },
  literal: { start: /t(?:r(?:ue?)?)?|f(?:a(?:l(?:se?)?)?)?|n(?:u(?:ll?)?)?/y, whole: /^(?:true|false|null)$/ },
};

/** Offset of the first JSON syntax error in text that JSON.parse refused (RFC 8259 grammar); undefined if too deep to scan. */
function jsonSyntaxErrorOffset(text: string): number | undefined {
  let at = 0;
  const skipWhitespace = (): true => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.test(text);
    at = WHITESPACE.lastIndex;
    return true;
  };
  const token = ({ start, whole }: { start: RegExp; whole: RegExp }): boolean => {
    const from = at;
    start.lastIndex = at;
    if (start.test(text)) at = start.lastIndex;
    return whole.test(text.slice(from, at));
  };
  const punctuation = (char: string): boolean => {
    skipWhitespace();
    if (text[at] !== char) return false;
    at++;
    return true;
  };
  const list = (close: string, item: () => boolean): boolean => {
    if (punctuation(close)) return true;
    do {
      if (!item()) return false;
    } while (punctuation(','));
    return punctuation(close);
  };
  const member = (): boolean => skipWhitespace() && text[at] === '"' && token(TOKENS.string) && punctuation(':') && value();
  const value = (): boolean => {
    skipWhitespace();
    const first = text[at];
    if (punctuation('{')) return list('}', member);
    if (punctuation('[')) return list(']', value);
    if (first === '"') return token(TOKENS.string);
    return token(first === 't' || first === 'f' || first === 'n' ? TOKENS.literal : TOKENS.number);
  };
  try {
    // A whole value with more after it: the fault is the first thing past the whitespace.
    if (value()) skipWhitespace();
    return at;
  } catch {
    // JSON.parse takes any depth; this recursive scan overflows the stack first.
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `path`, or a StateParseError naming the path. */
export function requireRecord(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new StateParseError(`${path} is not an object`);
  return value;
}

/** Absent (or null) is undefined; anything but an object is an error. */
export function optionalRecord(value: unknown, path: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : requireRecord(value, path);
}

/** Absent (or null) is an empty list; anything but an array is an error. */
export function optionalArray(value: unknown, path: string): readonly unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new StateParseError(`${path} is not an array`);
  return value;
}

export function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new StateParseError(`${path} is missing or not a string`);
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, path);
}

/** Collects identities in document order: strings only, trimmed, no empties, no repeats of a value at an address. */
export class IdentityCollector {
  readonly identities: StateIdentity[] = [];
  private readonly seen = new Set<string>();

  add(value: unknown, address: string): void {
    if (typeof value !== 'string') return;
    const trimmed = value.trim();
    const key = JSON.stringify([trimmed, address]);
    if (trimmed === '' || this.seen.has(key)) return;
    this.seen.add(key);
    this.identities.push({ value: trimmed, address });
  }
}

/** The entries of `source` named in `keys` whose values are strings or numbers: metadata safe to report. */
export function pickMeta(source: Record<string, unknown>, keys: readonly string[]): Record<string, string | number> {
  const meta: Record<string, string | number> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string' || typeof value === 'number') meta[key] = value;
  }
  return meta;
}
