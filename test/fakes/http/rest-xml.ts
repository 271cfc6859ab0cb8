import { type BodyCodec, type HttpOutput, payloadBytes } from './http-bindings';
import type { Schema } from './wire';
import { parseXml, renderXml, type XmlElement } from './xml';
import { structFromXml, structToXml, valueFromXml } from './xml-wire';

/**
 * restXml bodies (S3): an `httpPayload` struct is the document's root element, named by the
 * member's `xmlName` else its shape's name; otherwise the body members sit in a root named by the
 * output shape's `xmlName` (e.g. `ListAllMyBucketsResult`) else its name. The service namespace
 * goes on the root unless the schema gives one. Errors are `<Error><Code>…`.
 */

export const XML_BODY: BodyCodec = {
  readPayload: (member, body) => valueFromXml(parseXml(body.toString('utf8')), member),
  readBody: (schema, body) => structFromXml(parseXml(body.toString('utf8')), schema),
};

function rooted(element: XmlElement, xmlns: string | undefined): string {
  const attributes = { ...(xmlns ? { xmlns } : {}), ...element.attributes };
  return renderXml({ ...element, attributes }, true);
}

const xmlNameOf = (schema: Schema): string => (schema.getMergedTraits().xmlName as string | undefined) ?? schema.getName()!;

/** The response body: the payload member (text, bytes or an XML document), else the body members' document (none without body members). */
export async function restXmlBody(out: HttpOutput, schema: Schema, xmlns: string | undefined): Promise<string | Buffer> {
  if (out.payload) {
    const { member, value } = out.payload;
    if (member.isBlobSchema()) return payloadBytes(value);
    if (typeof value === 'string') return value;
    return rooted(structToXml(xmlNameOf(member), value as object, member), xmlns);
  }
  if (!out.hasBody) return '';
  return rooted(structToXml(xmlNameOf(schema), out.body, schema), xmlns);
}

export function restXmlError(code: string, message: string, requestId: string): string {
  const text = (name: string, value: string): XmlElement => ({ name, text: value });
  return renderXml({ name: 'Error', children: [text('Code', code), text('Message', message), text('RequestId', requestId)] }, true);
}
