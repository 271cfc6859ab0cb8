import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { AwsClients } from '../aws/clients';
import { mapBounded } from '../util/concurrency';
import { errorText } from '../util/errors';
import { keyGlob } from './key-glob';
import type { ParsedState } from './state-identities';

/**
 * Reads the state objects of one configured S3 source and parses each. What is kept is only the
 * identities the parser returns; the bytes are dropped as soon as they are parsed, never logged.
 */

export interface StateSource {
  readonly kind: 'terraform' | 'pulumi';
  readonly bucket: string;
  readonly prefix: string;
  /** Keys (relative to the prefix) to read; e.g. `**\/*.tfstate`. */
  readonly include: readonly string[];
  readonly parse: (bytes: Uint8Array) => ParsedState;
}

export interface StateRead {
  readonly identities: { readonly value: string; readonly by: string }[];
  /** One per object: key, version and serial, for the audit record. */
  readonly objects: { readonly key: string; readonly versionId?: string; readonly meta: ParsedState['meta'] }[];
}

/** Throws with the source named when the listing, an object or its parse fails, or nothing matches. */
export async function readStateSource(s3: S3Client, source: StateSource): Promise<StateRead> {
  const patterns = source.include.map(keyGlob);
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: source.bucket, Prefix: source.prefix || undefined })) {
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (key && patterns.some((p) => p.test(key.slice(source.prefix.length).replace(/^\//, '')))) keys.push(key);
    }
  }
  if (keys.length === 0) {
    throw new Error(`no object under s3://${source.bucket}/${source.prefix} matches ${source.include.join(', ')}`);
  }
  // A few objects at a time: 200 state files read one after another would take most of a minute.
  const parsed = await mapBounded(keys, STATE_OBJECTS_AT_ONCE, (key) => readStateObject(s3, source, key));
  return {
    identities: parsed.flatMap((p) => p.identities),
    objects: parsed.map((p) => p.object),
  };
}

/** Objects of one source read at the same time. */
const STATE_OBJECTS_AT_ONCE = 5;

async function readStateObject(s3: S3Client, source: StateSource, key: string) {
  const where = `${source.kind} s3://${source.bucket}/${key}`;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: source.bucket, Key: key }));
    const parsed = source.parse(await bytesOf(object.Body));
    return {
      identities: parsed.identities.map((identity) => ({ value: identity.value, by: `${where} (${identity.address})` })),
      object: { key, versionId: object.VersionId, meta: parsed.meta },
    };
  } catch (error) {
    throw new Error(`${where}: ${errorText(error)}`, { cause: error });
  }
}

async function bytesOf(body: unknown): Promise<Uint8Array> {
  const stream = body as { transformToByteArray?: () => Promise<Uint8Array> } | undefined;
  if (!stream?.transformToByteArray) throw new Error('the object has no body');
  return stream.transformToByteArray();
}

/** An S3 client in the source's region, with the target's credentials and endpoint. */
export function s3In(clients: AwsClients, region: string | undefined): S3Client {
  if (!region || region === clients.target.region) return clients.get(S3Client);
  return new AwsClients({ ...clients.target, region }).get(S3Client);
}
