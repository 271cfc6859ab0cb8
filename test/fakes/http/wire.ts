import { NormalizedSchema } from '@smithy/core/schema';

/**
 * Shape-directed conversion between the fakes' JavaScript values (what the SDK hands a command and
 * gets back from it: `Date` timestamps, member names) and the JSON wire form of the awsJson and
 * restJson1 protocols (timestamps as epoch seconds, restJson1's `jsonName` member names), and the
 * scalar helpers every protocol shares (text of headers, query strings and XML; timestamp formats).
 * The shapes are the SDK's own schemas (`new XCommand({}).schema`), so nothing is hand-written per service.
 */

export type Schema = NormalizedSchema;

/** Timestamp format codes of the SDK's schemas: 5 date-time, 6 http-date, 7 epoch-seconds, 4 the protocol default. */
const DATE_TIME = 5;
const HTTP_DATE = 6;
const EPOCH_SECONDS = 7;

/** Stands in for the input and output of a command without schemas (a legacy client): carried as plain JSON. */
const DOCUMENT = 15;

export function operationSchemas(command: new (input: any) => any): { input: Schema; output: Schema; http?: [string, string, number] } {
  const op = (new command({}) as { schema: any }).schema;
  if (op === undefined) return { input: NormalizedSchema.of(DOCUMENT), output: NormalizedSchema.of(DOCUMENT) };
  const normalized = NormalizedSchema.of(op);
  const http = normalized.getMergedTraits().http as [string, string, number] | undefined;
  return { input: NormalizedSchema.of(op[4]), output: NormalizedSchema.of(op[5]), http };
}

/** A timestamp in the member's format, else the protocol's (JSON bodies: epoch; headers: http-date; XML and query: date-time). */
export function timestampOut(value: Date, schema: Schema | undefined, defaultFormat: 'epoch' | 'http-date' | 'date-time'): string | number {
  const format = schema?.isTimestampSchema() ? (schema.getSchema() as unknown as number) : undefined;
  const chosen =
    format === DATE_TIME ? 'date-time' : format === HTTP_DATE ? 'http-date' : format === EPOCH_SECONDS ? 'epoch' : defaultFormat;
  if (chosen === 'date-time') return value.toISOString();
  if (chosen === 'http-date') return value.toUTCString();
  return value.getTime() / 1000;
}

/** A Date anywhere in a value the schema does not describe: epoch seconds, as the JSON protocols default to. */
function genericOut(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(genericOut);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, genericOut(v)]),
    );
  }
  return value;
}

/**
 * A handler's output (or a part of it) to its JSON wire form. Members the schema does not know are
 * kept (Dates converted): the SDK ignores them, and dropping them could hide a fake's typo.
 */
export function toWire(value: unknown, schema: Schema | undefined, useJsonName: boolean): unknown {
  if (value === undefined || value === null) return value;
  if (!schema) return genericOut(value);
  if (value instanceof Date) return timestampOut(value, schema, 'epoch');
  if (schema.isBlobSchema() && (value instanceof Uint8Array || typeof value === 'string')) {
    return Buffer.from(value as Uint8Array).toString('base64');
  }
  if (schema.isListSchema() && Array.isArray(value)) return value.map((v) => toWire(v, schema.getValueSchema(), useJsonName));
  if (schema.isMapSchema() && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, toWire(v, schema.getValueSchema(), useJsonName)]));
  }
  if ((schema.isStructSchema() || schema.isUnionSchema()) && typeof value === 'object' && !Array.isArray(value)) {
    const members = schema.getMemberSchemas();
    const out: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      const member = members[name];
      const wireName = member && useJsonName ? ((member.getMergedTraits().jsonName as string | undefined) ?? name) : name;
      out[wireName] = toWire(v, member, useJsonName);
    }
    return out;
  }
  return genericOut(value);
}

/** One scalar from a header, a query string or an XML element's text, typed by its member schema. */
export function scalarFromText(text: string, schema: Schema): unknown {
  if (schema.isNumericSchema()) return Number(text);
  if (schema.isBooleanSchema()) return text === 'true';
  if (schema.isBlobSchema()) return new Uint8Array(Buffer.from(text, 'base64'));
  if (schema.isTimestampSchema()) return /^\d+(\.\d+)?$/.test(text) ? new Date(Number(text) * 1000) : new Date(text);
  return text;
}

/** The JSON wire form of an input (or a part of it) back to what the SDK's caller passed: Dates, member names. */
export function fromWire(value: unknown, schema: Schema | undefined, useJsonName: boolean): unknown {
  if (value === undefined || value === null || !schema) return value;
  if (schema.isTimestampSchema()) {
    if (typeof value === 'number') return new Date(value * 1000);
    if (typeof value === 'string') return scalarFromText(value, schema);
    return value;
  }
  if (schema.isBlobSchema() && typeof value === 'string') return new Uint8Array(Buffer.from(value, 'base64'));
  if (schema.isListSchema() && Array.isArray(value)) return value.map((v) => fromWire(v, schema.getValueSchema(), useJsonName));
  if (schema.isMapSchema() && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, fromWire(v, schema.getValueSchema(), useJsonName)]));
  }
  if ((schema.isStructSchema() || schema.isUnionSchema()) && typeof value === 'object' && !Array.isArray(value)) {
    const byWireName = new Map<string, [string, Schema]>();
    for (const [name, member] of schema.structIterator()) {
      const wireName = useJsonName ? ((member.getMergedTraits().jsonName as string | undefined) ?? name) : name;
      byWireName.set(wireName, [name, member]);
    }
    const out: Record<string, unknown> = {};
    for (const [wireName, v] of Object.entries(value as Record<string, unknown>)) {
      const known = byWireName.get(wireName);
      if (known) out[known[0]] = fromWire(v, known[1], useJsonName);
      else out[wireName] = v;
    }
    return out;
  }
  return value;
}

/** Header values are http-date for timestamps unless the member says otherwise. */
export function headerValue(value: unknown, schema: Schema): string {
  if (value instanceof Date) return String(timestampOut(value, schema, 'http-date'));
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}
