import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { NormalizedSchema } from '@smithy/core/schema';
import { describe, expect, it } from 'vitest';
import { parseQueryBody, queryErrorResponse, queryInput, queryResponse } from './query-protocol';
import { parseXml, renderXml } from './xml';
import { structFromXml, structToXml } from './xml-wire';

/**
 * The query and XML serialization edge cases, each checked against the SDK's own serializer and
 * deserializer (the protocol objects of real clients): what the SDK writes, the fake reads back
 * to the caller's value; what the fake writes, the SDK reads back to the handler's value.
 * Synthetic schemas cover what no faked operation has (flattened query lists, maps, epoch
 * timestamps, attributes, namespaces), in the SDK's static schema form.
 */

interface SdkSerializer {
  write(schema: unknown, value: unknown): void;
  flush(): string | Uint8Array;
}
interface SdkDeserializer {
  read(schema: unknown, bytes: Uint8Array, key?: string): Promise<unknown>;
}
interface SdkQueryProtocol {
  readonly serializer: SdkSerializer;
  readonly deserializer: SdkDeserializer;
}
interface SdkRestXmlProtocol {
  readonly codec: { createSerializer(): SdkSerializer; createDeserializer(): SdkDeserializer };
}

const CREDENTIALS = { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' };
const sdkProtocol = <T>(client: { config: object }): T => (client.config as { protocol: T }).protocol;
const snsProtocol = sdkProtocol<SdkQueryProtocol>(new SNSClient({ region: 'eu-west-1', credentials: CREDENTIALS }));
const ec2Protocol = sdkProtocol<SdkQueryProtocol>(new EC2Client({ region: 'eu-west-1', credentials: CREDENTIALS }));
const s3Protocol = sdkProtocol<SdkRestXmlProtocol>(new S3Client({ region: 'eu-west-1', credentials: CREDENTIALS }));

// Static schemas: [3 struct | 1 list | 2 map, namespace, name, traits, ...]; members are a type code
// (0 string, 1 number, 2 boolean, 4 timestamp, 5 date-time, 6 http-date, 7 epoch seconds, 21 blob)
// or [schema, member traits].
const NS = 'test.fake';
const StringList = [1, NS, 'StringList', 0, 0];
const StringMap = [2, NS, 'StringMap', 0, 0, 0];
const Inner = [3, NS, 'Inner', 0, ['Name', 'Values'], [0, () => StringList]];
const InnerList = [1, NS, 'InnerList', 0, [() => Inner, { xmlName: 'item' }]];
const QueryShape = [
  3,
  NS,
  'QueryShape',
  0,
  ['Names', 'Flat', 'Empty', 'Attributes', 'FlatMap', 'When', 'Epoch', 'Inner', 'Inners', 'Count', 'On', 'Data', 'Renamed'],
  [
    () => StringList,
    [() => StringList, { xmlFlattened: 1 }],
    () => StringList,
    () => StringMap,
    [() => StringMap, { xmlFlattened: 1 }],
    4,
    7,
    () => Inner,
    () => InnerList,
    1,
    2,
    21,
    [0, { xmlName: 'OtherName', ec2QueryName: 'EcName' }],
  ],
];
const schema = NormalizedSchema.of(QueryShape as never);

const VALUE = {
  Names: ['a', 'b c'],
  Flat: ['x', 'y'],
  Empty: [],
  Attributes: { k1: 'v1', 'k 2': 'v&2' },
  FlatMap: { f: 'g' },
  When: new Date('2026-01-02T03:04:05.678Z'),
  Epoch: new Date(1_700_000_000_500),
  Inner: { Name: 'n', Values: ['1'] },
  Inners: [{ Name: 'p' }, { Name: 'q', Values: [] }],
  Count: 3,
  On: false,
  Data: new Uint8Array([1, 2, 3]),
  Renamed: 'r',
};

function formOf(protocol: SdkQueryProtocol, value: unknown): string {
  protocol.serializer.write(QueryShape, value);
  return `Action=Op&Version=2020-01-01${String(protocol.serializer.flush())}`;
}

describe('awsQuery and ec2Query requests: what the SDK writes, the fake reads back', () => {
  it('awsQuery: A.member.N lists, flattened A.N, an empty list, A.entry.N maps (flattened A.N.key), nested structs, scalars', () => {
    const form = formOf(snsProtocol, VALUE);
    expect(form).toContain('Names.member.2=b%20c&Flat.1=x&Flat.2=y&Empty=&Attributes.entry.1.key=k1');
    expect(form).toContain('FlatMap.1.key=f&FlatMap.1.value=g&When=2026-01-02T03%3A04%3A05.678Z&Epoch=1700000000.5');
    expect(form).toContain('Inners.item.2.Values=&Count=3&On=false&Data=AQID&OtherName=r');
    const request = parseQueryBody(Buffer.from(form))!;
    expect(request).toMatchObject({ action: 'Op', version: '2020-01-01' });
    expect(queryInput(request.params, schema, 'awsQuery')).toEqual(VALUE);
  });

  it('ec2Query: every list A.N, names from ec2QueryName else capitalised, empty lists not sent', () => {
    const form = formOf(ec2Protocol, VALUE);
    expect(form).toContain('Names.1=a&Names.2=b%20c&Flat.1=x');
    expect(form).toContain('Inners.1.Name=p&Inners.2.Name=q&Count=3');
    expect(form).toContain('EcName=r');
    const { Empty: _notSent, ...sent } = VALUE;
    const { Values: _empty, ...q } = VALUE.Inners[1]!;
    expect(queryInput(parseQueryBody(Buffer.from(form))!.params, schema, 'ec2Query')).toEqual({ ...sent, Inners: [VALUE.Inners[0], q] });
  });

  it('a body without Action and Version is not a query request', () => {
    expect(parseQueryBody(Buffer.from('Version=1'))).toBeUndefined();
    expect(parseQueryBody(Buffer.from('{"json":true}'))).toBeUndefined();
  });
});

describe('awsQuery and ec2Query responses: what the fake writes, the SDK reads back', () => {
  it('awsQuery: <OpResponse><OpResult> with <member> items, flattened lists and maps, ISO and epoch timestamps', async () => {
    const xml = queryResponse('Op', VALUE, schema, 'awsQuery', 'http://example.com/doc/2020-01-01/', 'req-1');
    expect(xml).toMatch(/^<\?xml [^>]+\?><OpResponse xmlns="http:\/\/example.com\/doc\/2020-01-01\/"><OpResult><Names><member>a<\/member>/);
    expect(xml).toContain('<Flat>x</Flat><Flat>y</Flat><Empty/><Attributes><entry><key>k1</key><value>v1</value></entry>');
    expect(xml).toContain('<When>2026-01-02T03:04:05.678Z</When><Epoch>1700000000.5</Epoch>');
    expect(xml).toContain('</OpResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></OpResponse>');
    expect(await snsProtocol.deserializer.read(QueryShape, Buffer.from(xml), 'OpResult')).toEqual(VALUE);
  });

  it('ec2Query: <OpResponse> with <requestId> first, then the members, the namespace ending in a slash', async () => {
    const xml = queryResponse('Op', VALUE, schema, 'ec2Query', 'http://ec2.amazonaws.com/doc/2016-11-15', 'req-2');
    expect(xml).toContain('<OpResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>req-2</requestId><Names>');
    expect(xml).toContain('<Inners><item><Name>p</Name></item>');
    expect(await ec2Protocol.deserializer.read(QueryShape, Buffer.from(xml))).toEqual(VALUE);
  });

  it('an operation without output answers the metadata only; an empty output an empty result', async () => {
    expect(queryResponse('DeleteIt', {}, NormalizedSchema.of('unit' as never), 'awsQuery', 'urn:x/', 'r')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><DeleteItResponse xmlns="urn:x/"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteItResponse>',
    );
    const xml = queryResponse('Op', {}, schema, 'awsQuery', 'urn:x/', 'r');
    expect(await snsProtocol.deserializer.read(QueryShape, Buffer.from(xml), 'OpResult')).toEqual({});
  });

  it('errors: <ErrorResponse><Error><Type><Code><Message> (awsQuery), <Response><Errors><Error> (ec2Query)', () => {
    const error = { code: 'DBInstanceNotFound', message: 'no <such> instance', type: 'Sender' } as const;
    const query = parseXml(queryErrorResponse('awsQuery', error, 'urn:x/', 'r-1'));
    expect(renderXml(query)).toBe(
      '<ErrorResponse xmlns="urn:x/"><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>no &lt;such&gt; instance</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
    );
    expect(renderXml(parseXml(queryErrorResponse('ec2Query', error, 'urn:x/', 'r-2')))).toBe(
      '<Response><Errors><Error><Code>DBInstanceNotFound</Code><Message>no &lt;such&gt; instance</Message></Error></Errors><RequestID>r-2</RequestID></Response>',
    );
  });
});

const Owner = [
  3,
  NS,
  'Owner',
  { xmlNamespace: ['', 'http://example.com/owner'] },
  ['ID', 'Kind'],
  [0, [0, { xmlAttribute: 1, xmlName: 'kind' }]],
];
const Entry = [3, NS, 'Entry', 0, ['Key', 'Modified', 'Size'], [0, 6, 1]];
const XmlShape = [
  3,
  NS,
  'XmlShape',
  { xmlName: 'ListResult' },
  ['Name', 'Entries', 'Prefixes', 'Tags', 'Owner', 'Truncated', 'At'],
  [
    0,
    [() => [1, NS, 'EntryList', 0, () => Entry], { xmlFlattened: 1, xmlName: 'Contents' }],
    () => StringList,
    [() => StringMap, { xmlName: 'TagSet' }],
    () => Owner,
    2,
    4,
  ],
];
const xmlSchema = NormalizedSchema.of(XmlShape as never);
const XML_VALUE = {
  Name: 'bucket & co',
  Entries: [
    { Key: 'a/b.json', Modified: new Date('2026-03-01T10:00:00.000Z'), Size: 12 },
    { Key: 'c', Modified: new Date('2026-03-02T10:00:00.000Z'), Size: 0 },
  ],
  Prefixes: [],
  Tags: { team: 'data' },
  Owner: { ID: 'owner-1', Kind: 'user' },
  Truncated: true,
  At: new Date('2026-01-02T03:04:05.000Z'),
};

describe('restXml bodies, both ways, against the SDK (S3 client) codec', () => {
  it('what the fake writes the SDK reads: flattened lists, xmlName, attributes, http-date members, namespaces', async () => {
    const element = structToXml('ListResult', XML_VALUE, xmlSchema);
    const xml = renderXml(element, true);
    expect(xml).toContain(
      '<Contents><Key>a/b.json</Key><Modified>Sun, 01 Mar 2026 10:00:00 GMT</Modified><Size>12</Size></Contents><Contents>',
    );
    expect(xml).toContain('<Prefixes/><TagSet><entry><key>team</key><value>data</value></entry></TagSet>');
    expect(xml).toContain('<Owner xmlns="http://example.com/owner" kind="user"><ID>owner-1</ID></Owner>');
    expect(await s3Protocol.codec.createDeserializer().read(XmlShape, Buffer.from(xml))).toEqual(XML_VALUE);
  });

  it('what the SDK writes the fake reads back', () => {
    const serializer = s3Protocol.codec.createSerializer();
    serializer.write(XmlShape, XML_VALUE);
    const xml = String(serializer.flush());
    expect(xml).toMatch(/^<ListResult/);
    expect(structFromXml(parseXml(xml), xmlSchema)).toEqual(XML_VALUE);
  });
});
