import { type Schema, scalarFromText, timestampOut } from './wire';
import { childNamed, childrenNamed, type XmlElement } from './xml';

/**
 * Shape-directed conversion between the fakes' JavaScript values and XML elements, for the
 * awsQuery and ec2Query responses and restXml bodies, named the way the SDK's XML (de)serializer
 * looks them up: a struct member by its member `xmlName` else its name, a list item by the item's
 * `xmlName` else `member` (`xmlFlattened` lists repeat the member's element instead of wrapping),
 * a map as `entry` elements of `key`/`value` (or their `xmlName`s), timestamps date-time unless the
 * member's `timestampFormat` says otherwise, blobs base64, `xmlAttribute` members as attributes.
 */

const traitString = (schema: Schema, trait: string): string | undefined => schema.getMergedTraits()[trait] as string | undefined;
const flattened = (schema: Schema): boolean => Boolean(schema.getMergedTraits().xmlFlattened);

/** The element name of a struct member, as the SDK's XML deserializer looks it up. */
function memberElementName(name: string, member: Schema): string {
  return (member.getMemberTraits().xmlName as string | undefined) ?? name;
}

const itemName = (list: Schema): string => traitString(list.getValueSchema(), 'xmlName') ?? 'member';

function entryNames(map: Schema): [string, string] {
  return [traitString(map.getKeySchema(), 'xmlName') ?? 'key', traitString(map.getValueSchema(), 'xmlName') ?? 'value'];
}

/** `xmlns` (or `xmlns:prefix`) where the schema has an `xmlNamespace` trait. */
function namespaceOf(schema: Schema | undefined): Record<string, string> {
  const ns = schema?.getMergedTraits().xmlNamespace as [string | undefined, string] | undefined;
  if (!ns?.[1]) return {};
  return { [ns[0] ? `xmlns:${ns[0]}` : 'xmlns']: ns[1] };
}

const present = ([, v]: [string, unknown]): boolean => v !== undefined && v !== null;

/** A scalar's text: timestamps in the member's format (date-time by default), blobs base64. */
export function xmlText(value: unknown, schema: Schema | undefined): string {
  if (value instanceof Date) return String(timestampOut(value, schema, 'date-time'));
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (typeof value === 'string' && schema?.isBlobSchema()) return Buffer.from(value).toString('base64');
  return String(value);
}

/** A value the schema does not describe (a fake's extra member): kept, Dates as date-time. */
function genericToXml(name: string, value: unknown): XmlElement {
  if (Array.isArray(value)) return { name, children: value.filter((v) => v != null).map((v) => genericToXml('member', v)) };
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return {
      name,
      children: Object.entries(value)
        .filter(present)
        .map(([k, v]) => genericToXml(k, v)),
    };
  }
  return { name, text: xmlText(value, undefined) };
}

/** A struct (or union) as an element named `name`. */
export function structToXml(name: string, value: object, schema: Schema | undefined): XmlElement {
  const attributes: Record<string, string> = namespaceOf(schema);
  const children: XmlElement[] = [];
  const members = schema?.isStructSchema() ? schema.getMemberSchemas() : {};
  for (const [key, v] of Object.entries(value).filter(present)) {
    const member: Schema | undefined = members[key];
    if (!member) children.push(genericToXml(key, v));
    else if (member.getMergedTraits().xmlAttribute) attributes[memberElementName(key, member)] = xmlText(v, member);
    else children.push(...memberToXml(memberElementName(key, member), v, member));
  }
  return { name, attributes, children };
}

/** A list or map wrapped in an element named `name`; flattened, the repeated elements themselves. */
function collectionItems(name: string, value: unknown, schema: Schema, flat: boolean): XmlElement[] {
  if (schema.isListSchema() && Array.isArray(value)) {
    const item = flat ? name : itemName(schema);
    return value.filter((v) => v !== undefined && v !== null).map((v) => valueToXml(item, v, schema.getValueSchema()));
  }
  const [keyName, valueName] = entryNames(schema);
  return Object.entries(value as object)
    .filter(present)
    .map(([k, v]) => ({
      name: flat ? name : 'entry',
      children: [{ name: keyName, text: k }, valueToXml(valueName, v, schema.getValueSchema())],
    }));
}

/** One struct member: one element, or several for a flattened list or map. */
function memberToXml(name: string, value: unknown, member: Schema): XmlElement[] {
  const collection = (member.isListSchema() && Array.isArray(value)) || (member.isMapSchema() && typeof value === 'object');
  if (collection && flattened(member)) return collectionItems(name, value, member, true);
  return [valueToXml(name, value, member)];
}

function valueToXml(name: string, value: unknown, schema: Schema): XmlElement {
  if ((schema.isListSchema() && Array.isArray(value)) || (schema.isMapSchema() && value && typeof value === 'object')) {
    return { name, attributes: namespaceOf(schema), children: collectionItems(name, value, schema, false) };
  }
  const isObject = value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array);
  if (schema.isStructSchema() && isObject && !Array.isArray(value)) return structToXml(name, value, schema);
  if (isObject) return genericToXml(name, value);
  return { name, attributes: namespaceOf(schema), text: xmlText(value, schema) };
}

/** The child holding a member: by its member `xmlName`, the target's `xmlName`, or its name (the SDK's serializer uses each). */
function memberChildren(element: XmlElement, name: string, member: Schema): XmlElement[] {
  const names = [member.getMemberTraits().xmlName as string | undefined, traitString(member, 'xmlName'), name];
  for (const n of names) {
    if (n === undefined) continue;
    const found = childrenNamed(element, n);
    if (found.length > 0) return found;
  }
  return [];
}

/** A struct from an XML element: its members (attributes where the schema says) back to the caller's values. */
export function structFromXml(element: XmlElement, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of schema.structIterator()) {
    if (member.getMergedTraits().xmlAttribute) {
      const attribute = element.attributes?.[memberElementName(name, member)];
      if (attribute !== undefined) out[name] = scalarFromText(attribute, member);
      continue;
    }
    const found = memberChildren(element, name, member);
    if (found.length === 0) continue;
    if ((member.isListSchema() || member.isMapSchema()) && flattened(member)) out[name] = collectionFromXml(found, member, true);
    else out[name] = valueFromXml(found[0]!, member);
  }
  return out;
}

/** List items or map entries: the repeated elements themselves (flattened) or the wrapper's children. */
function collectionFromXml(elements: readonly XmlElement[], schema: Schema, flat: boolean): unknown {
  if (schema.isListSchema()) return elements.map((e) => valueFromXml(e, schema.getValueSchema()));
  const [keyName, valueName] = entryNames(schema);
  const out: Record<string, unknown> = {};
  for (const entry of flat ? elements : elements.filter((e) => e.name === 'entry')) {
    const key = childNamed(entry, keyName)?.text;
    const value = childNamed(entry, valueName);
    if (key !== undefined && value) out[key] = valueFromXml(value, schema.getValueSchema());
  }
  return out;
}

export function valueFromXml(element: XmlElement, schema: Schema): unknown {
  if (schema.isListSchema() || schema.isMapSchema()) return collectionFromXml(element.children ?? [], schema, false);
  if (schema.isStructSchema()) return structFromXml(element, schema);
  return scalarFromText(element.text ?? '', schema);
}
