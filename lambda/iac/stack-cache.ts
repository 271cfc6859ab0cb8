import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { EVIDENCE_PREFIX } from '../audit/evidence-sizes';

/**
 * Each stack's resource list from the last night, keyed by stack id with the stack's last change
 * (LastUpdatedTime, else CreationTime): a stack that did not change is not listed again, so a quiet
 * account with thousands of stacks costs one ListStacks pass. One object per target, replaced nightly.
 */

export interface CachedStack {
  /** ISO time of the stack's last change when it was listed. */
  readonly changedAt: string;
  readonly identities: readonly { readonly value: string; readonly by: string }[];
}

export type StackCacheEntries = ReadonlyMap<string, CachedStack>;

export interface StackCache {
  load(accountId: string, region: string): Promise<StackCacheEntries>;
  save(accountId: string, region: string, entries: StackCacheEntries): Promise<void>;
}

const keyOf = (accountId: string, region: string) => `${EVIDENCE_PREFIX}stacks/${accountId}/${region}.json`;
const FORMAT = 1;

export class S3StackCache implements StackCache {
  constructor(
    readonly bucket: string,
    region: string,
    private readonly client = new S3Client({ region, maxAttempts: 5 }),
  ) {}

  async load(accountId: string, region: string): Promise<StackCacheEntries> {
    let text: string | undefined;
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: keyOf(accountId, region) }));
      text = await object.Body?.transformToString();
    } catch {
      // No cache yet, or none readable (S3 answers AccessDenied for a missing key without ListBucket):
      // every stack is listed. A cache only saves calls; it never decides anything.
      return new Map();
    }
    return entriesOf(text ?? '');
  }

  async save(accountId: string, region: string, entries: StackCacheEntries): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: keyOf(accountId, region),
        Body: JSON.stringify({ format: FORMAT, stacks: Object.fromEntries(entries) }),
        ContentType: 'application/json',
        ServerSideEncryption: 'AES256',
      }),
    );
  }
}

/** A cache that does not parse is ignored (every stack listed again), never trusted in part. */
function entriesOf(text: string): StackCacheEntries {
  try {
    const parsed = JSON.parse(text) as { format?: unknown; stacks?: Record<string, CachedStack> };
    if (parsed.format !== FORMAT || typeof parsed.stacks !== 'object' || parsed.stacks === null) return new Map();
    const valid = Object.entries(parsed.stacks).filter(
      ([, s]) =>
        typeof s?.changedAt === 'string' &&
        Array.isArray(s.identities) &&
        s.identities.every((i) => typeof i?.value === 'string' && typeof i?.by === 'string'),
    );
    return new Map(valid);
  } catch {
    return new Map();
  }
}

export class InMemoryStackCache implements StackCache {
  readonly saved = new Map<string, StackCacheEntries>();

  async load(accountId: string, region: string): Promise<StackCacheEntries> {
    return this.saved.get(keyOf(accountId, region)) ?? new Map();
  }

  async save(accountId: string, region: string, entries: StackCacheEntries): Promise<void> {
    this.saved.set(keyOf(accountId, region), entries);
  }
}
