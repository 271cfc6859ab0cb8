import { type Schema, scalarFromText } from './wire';
import { renderXml, type XmlElement } from './xml';
import { structToXml } from './xml-wire';

/**
 * The awsQuery and ec2Query protocols (SNS, RDS, ELBv2, Auto Scaling, ElastiCache, STS; EC2),
 * shaped by the SDK's schemas as its `QueryShapeSerializer` writes requests and its
 * `XmlShapeDeserializer` reads the answers.
 *
 * Requests are `POST` form bodies, `Action=...&Version=...` then the input's members:
 * - awsQuery: a member by its `xmlName` else its name; nested structs `A.B`; lists `A.member.N`
 *   (the item's `xmlName` instead of `member`), `A.N` when `xmlFlattened`; an empty list `A=`;
 *   maps `A.entry.N.key` / `A.entry.N.value` (`A.N.key` when flattened).
 * - ec2Query: the same, but a member by its `ec2QueryName` else its `xmlName`/name capitalised,
 *   and lists always `A.N`.
 *
 * Answers are XML: awsQuery `<{Op}Response xmlns><{Op}Result>…</{Op}Result><ResponseMetadata>`,
 * ec2Query `<{Op}Response xmlns><requestId>` then the members; errors `<ErrorResponse>` (awsQuery)
 * or `<Response><Errors>` (ec2Query).
 */

export type QueryFlavor = 'awsQuery' | 'ec2Query';

export interface QueryRequest {
  readonly action: string;
  readonly version: string;
  readonly params: ReadonlyMap<string, string>;
}

/** The form body's `Action`, `Version` and other parameters; undefined when it is not a query request. */
export function parseQueryBody(body: Buffer): QueryRequest | undefined {
  const form = new URLSearchParams(body.toString('utf8'));
  const action = form.get('Action');
  const version = form.get('Version');
  if (!action || !version) return undefined;
  const params = new Map<string, string>();
  for (const [k, v] of form) if (k !== 'Action' && k !== 'Version') params.set(k, v);
  return { action, version, params };
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Reads an input back from its form parameters, shaped by the input schema. */
class QueryReader {
  /** Every parameter name and every dotted prefix of one, for "is anything under this key". */
  private readonly prefixes = new Set<string>();

  constructor(
    private readonly params: ReadonlyMap<string, string>,
    private readonly ec2: boolean,
  ) {
    for (const key of params.keys()) {
      for (let dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) this.prefixes.add(key.slice(0, dot));
      this.prefixes.add(key);
    }
  }

  /** The SDK's `getKey`: `ec2QueryName` (ec2Query), else `xmlName` else the default, capitalised for struct members on ec2Query. */
  private key(fallback: string, schema: Schema, structMember: boolean): string {
    const traits = schema.getMergedTraits();
    if (this.ec2 && traits.ec2QueryName) return traits.ec2QueryName as string;
    const key = (traits.xmlName as string | undefined) ?? fallback;
    return this.ec2 && structMember ? capitalized(key) : key;
  }

  struct(schema: Schema, prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (!schema.isStructSchema()) return out;
    for (const [name, member] of schema.structIterator()) {
      const key = `${prefix}${this.key(name, member, true)}`;
      if (this.prefixes.has(key)) out[name] = this.value(member, key);
    }
    return out;
  }

  private value(schema: Schema, key: string): unknown {
    if (schema.isStructSchema()) return this.struct(schema, `${key}.`);
    if (schema.isListSchema()) return this.list(schema, key);
    if (schema.isMapSchema()) return this.map(schema, key);
    const text = this.params.get(key);
    return text === undefined ? undefined : scalarFromText(text, schema);
  }

  private list(schema: Schema, key: string): unknown[] {
    const item = schema.getValueSchema();
    const flat = this.ec2 || Boolean(schema.getMergedTraits().xmlFlattened);
    const base = flat ? key : `${key}.${this.key('member', item, false)}`;
    const out: unknown[] = [];
    for (let i = 1; this.prefixes.has(`${base}.${i}`); i += 1) out.push(this.value(item, `${base}.${i}`));
    return out;
  }

  private map(schema: Schema, key: string): Record<string, unknown> {
    const flat = Boolean(schema.getMergedTraits().xmlFlattened);
    const keyName = this.key('key', schema.getKeySchema(), false);
    const valueName = this.key('value', schema.getValueSchema(), false);
    const out: Record<string, unknown> = {};
    for (let i = 1; ; i += 1) {
      const entry = flat ? `${key}.${i}` : `${key}.entry.${i}`;
      if (!this.prefixes.has(entry)) return out;
      const k = this.params.get(`${entry}.${keyName}`);
      if (k !== undefined) out[k] = this.value(schema.getValueSchema(), `${entry}.${valueName}`);
    }
  }
}

/** The operation's input from a query request's parameters. */
export function queryInput(params: ReadonlyMap<string, string>, schema: Schema, flavor: QueryFlavor): Record<string, unknown> {
  return new QueryReader(params, flavor === 'ec2Query').struct(schema, '');
}

/** AWS's namespaces end in a slash; the SDK's EC2 client has it without. */
const namespaceUri = (xmlns: string): string => (xmlns.endsWith('/') ? xmlns : `${xmlns}/`);

/** A handler's answer as the query protocol's XML response. */
export function queryResponse(
  operation: string,
  output: object,
  schema: Schema,
  flavor: QueryFlavor,
  xmlns: string,
  requestId: string,
): string {
  const attributes = { xmlns: namespaceUri(xmlns) };
  if (flavor === 'ec2Query') {
    const members = structToXml(`${operation}Response`, output, schema).children ?? [];
    return renderXml({ name: `${operation}Response`, attributes, children: [{ name: 'requestId', text: requestId }, ...members] }, true);
  }
  const children: XmlElement[] = [];
  if (schema.isStructSchema()) children.push(structToXml(`${operation}Result`, output, schema));
  children.push({ name: 'ResponseMetadata', children: [{ name: 'RequestId', text: requestId }] });
  return renderXml({ name: `${operation}Response`, attributes, children }, true);
}

export interface QueryError {
  readonly code: string;
  readonly message: string;
  /** `Sender` (the caller's fault) or `Receiver` (the service's). */
  readonly type: 'Sender' | 'Receiver';
}

/** An error as the query protocol's XML error response. */
export function queryErrorResponse(flavor: QueryFlavor, error: QueryError, xmlns: string, requestId: string): string {
  const code = { name: 'Code', text: error.code };
  const message = { name: 'Message', text: error.message };
  if (flavor === 'ec2Query') {
    const errors = { name: 'Errors', children: [{ name: 'Error', children: [code, message] }] };
    return renderXml({ name: 'Response', children: [errors, { name: 'RequestID', text: requestId }] }, true);
  }
  const body = { name: 'Error', children: [{ name: 'Type', text: error.type }, code, message] };
  const attributes = { xmlns: namespaceUri(xmlns) };
  return renderXml({ name: 'ErrorResponse', attributes, children: [body, { name: 'RequestId', text: requestId }] }, true);
}
