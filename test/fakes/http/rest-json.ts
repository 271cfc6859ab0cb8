import { type BodyCodec, type HttpOutput, payloadBytes } from './http-bindings';
import { fromWire, type Schema, toWire } from './wire';

/** restJson1 bodies: JSON with `jsonName` member names and epoch-seconds timestamps (see `wire.ts`). */

export const JSON_BODY: BodyCodec = {
  readPayload: (member, body) => fromWire(JSON.parse(body.toString('utf8')), member, true),
  readBody: (schema, body) => {
    const text = body.toString('utf8').trim();
    return text ? (fromWire(JSON.parse(text), schema, true) as Record<string, unknown>) : {};
  },
};

/** The response body: the payload member (text, bytes or JSON), else the body members as JSON (none for a 204). */
export async function restJsonBody(out: HttpOutput, schema: Schema): Promise<string | Buffer> {
  if (out.payload) {
    const { member, value } = out.payload;
    if (typeof value === 'string') return value;
    if (member.isBlobSchema()) return payloadBytes(value);
    return JSON.stringify(toWire(value, member, true));
  }
  return out.status === 204 ? '' : JSON.stringify(toWire(out.body, schema, true));
}
