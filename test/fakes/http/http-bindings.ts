import type { IncomingHttpHeaders } from 'node:http';
import { headerValue, type Schema, scalarFromText } from './wire';

/**
 * The HTTP bindings restJson1 and restXml share, from the SDK's schemas: an input's members from
 * the path labels (`httpLabel`), the query string (`httpQuery`, `httpQueryParams`), headers
 * (`httpHeader`, `httpPrefixHeaders`) and the body (`httpPayload`, else the unbound members);
 * an output's status (`httpResponseCode`), headers and payload or body members. The protocol's
 * codec reads and writes the body itself.
 */

export interface HttpRequestParts {
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly labels: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface BodyCodec {
  /** A structured (struct, list, map, document) `httpPayload` member from the body. */
  readPayload(member: Schema, body: Buffer): unknown;
  /** The unbound members from the body. */
  readBody(schema: Schema, body: Buffer): Record<string, unknown>;
}

function payloadIn(member: Schema, body: Buffer, codec: BodyCodec): unknown {
  if (member.isStringSchema()) return body.toString('utf8');
  // A Buffer: what the SDK's caller passed as bytes, and `String(Body)` is its text.
  if (member.isBlobSchema()) return body;
  return codec.readPayload(member, body);
}

function headerIn(value: string | string[] | undefined, member: Schema): unknown {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(', ') : value;
  if (member.isListSchema()) return text.split(',').map((v) => scalarFromText(v.trim(), member.getValueSchema()));
  return scalarFromText(text, member);
}

function prefixHeadersIn(headers: IncomingHttpHeaders, prefix: string): Record<string, string> | undefined {
  const lower = prefix.toLowerCase();
  const entries = Object.entries(headers).filter(([k, v]) => k.startsWith(lower) && typeof v === 'string');
  return entries.length > 0 ? Object.fromEntries(entries.map(([k, v]) => [k.slice(lower.length), v as string])) : undefined;
}

function queryIn(url: URL, key: string, member: Schema): unknown {
  if (member.isListSchema()) {
    const all = url.searchParams.getAll(key);
    return all.length > 0 ? all.map((v) => scalarFromText(v, member.getValueSchema())) : undefined;
  }
  const value = url.searchParams.get(key);
  return value === null ? undefined : scalarFromText(value, member);
}

const BODY = Symbol('body');

/** The one binding of a member, read from the request; `BODY` for a member the body carries. */
function boundValue(name: string, member: Schema, req: HttpRequestParts, codec: BodyCodec): unknown {
  const traits = member.getMergedTraits();
  if (traits.httpLabel !== undefined) return req.labels[name] === undefined ? undefined : scalarFromText(req.labels[name], member);
  if (traits.httpQuery !== undefined) return queryIn(req.url, traits.httpQuery as string, member);
  if (traits.httpHeader !== undefined) return headerIn(req.headers[(traits.httpHeader as string).toLowerCase()], member);
  if (traits.httpPrefixHeaders !== undefined) return prefixHeadersIn(req.headers, traits.httpPrefixHeaders as string);
  if (traits.httpPayload !== undefined) return req.body.length > 0 ? payloadIn(member, req.body, codec) : undefined;
  if (traits.httpQueryParams !== undefined) return undefined;
  return BODY;
}

/** The operation's input from an HTTP request, shaped by the input schema. */
export function inputFromHttp(schema: Schema, req: HttpRequestParts, codec: BodyCodec): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  let bodyMembers = false;
  for (const [name, member] of schema.structIterator()) {
    const value = boundValue(name, member, req, codec);
    if (value === BODY) bodyMembers = true;
    else if (value !== undefined) input[name] = value;
  }
  if (bodyMembers && req.body.length > 0) Object.assign(input, codec.readBody(schema, req.body));
  return input;
}

export interface HttpOutput {
  status: number;
  readonly headers: Record<string, string>;
  /** The `httpPayload` member and its value, if the output has one and it is set. */
  payload?: { readonly member: Schema; readonly value: unknown };
  /** The unbound members, for the body. */
  readonly body: Record<string, unknown>;
  /** Whether the schema has unbound members at all (a body is due even when none is set). */
  readonly hasBody: boolean;
}

/** A handler's answer split into status, headers, payload and body members by the output schema. */
export function outputToHttp(value: Record<string, unknown>, schema: Schema, status: number): HttpOutput {
  const members = schema.isStructSchema() ? schema.getMemberSchemas() : {};
  const hasBody = Object.values(members).some((m) => !isBound(m));
  const out: HttpOutput = { status, headers: {}, body: {}, hasBody };
  for (const [name, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const member: Schema | undefined = members[name];
    const traits = member?.getMergedTraits() ?? {};
    if (traits.httpResponseCode !== undefined) out.status = Number(v);
    else if (traits.httpHeader !== undefined) out.headers[(traits.httpHeader as string).toLowerCase()] = headerValue(v, member!);
    else if (traits.httpPrefixHeaders !== undefined) {
      for (const [k, x] of Object.entries(v as object)) out.headers[`${traits.httpPrefixHeaders as string}${k}`.toLowerCase()] = String(x);
    } else if (traits.httpPayload !== undefined) out.payload = { member: member!, value: v };
    else out.body[name] = v;
  }
  return out;
}

function isBound(member: Schema): boolean {
  const t = member.getMergedTraits();
  return [t.httpHeader, t.httpPrefixHeaders, t.httpPayload, t.httpResponseCode, t.httpLabel, t.httpQuery, t.httpQueryParams].some(
    (x) => x !== undefined,
  );
}

/** A blob payload's bytes: a Uint8Array, a string, or a stream (an SDK stream collects itself). */
export async function payloadBytes(value: unknown): Promise<Buffer> {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array) return Buffer.from(value);
  const stream = value as { transformToByteArray?: () => Promise<Uint8Array> } & AsyncIterable<Uint8Array>;
  if (typeof stream.transformToByteArray === 'function') return Buffer.from(await stream.transformToByteArray());
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}
