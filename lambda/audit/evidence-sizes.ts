import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import type { EvidenceSize } from '../core/iac-evidence';

/**
 * How many identities the IaC evidence held on earlier nights, per target: a night whose evidence
 * shrank sharply holds its marks and deletions (see `shrinkProblem`). One new object a night under
 * `evidence/sizes/<account>/<region>/`, keyed by time, so a write never replaces an earlier one.
 */
export const EVIDENCE_PREFIX = 'evidence/';

export interface EvidenceSizes {
  latest(accountId: string, region: string): Promise<EvidenceSize | undefined>;
  record(accountId: string, region: string, size: EvidenceSize): Promise<void>;
}

const prefixOf = (accountId: string, region: string) => `${EVIDENCE_PREFIX}sizes/${accountId}/${region}/`;

export class S3EvidenceSizes implements EvidenceSizes {
  constructor(
    readonly bucket: string,
    region: string,
    private readonly client = new S3Client({ region, maxAttempts: 5 }),
  ) {}

  async latest(accountId: string, region: string): Promise<EvidenceSize | undefined> {
    let last: string | undefined;
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefixOf(accountId, region) })) {
      for (const object of page.Contents ?? []) if (object.Key && (last === undefined || object.Key > last)) last = object.Key;
    }
    if (!last) return undefined;
    const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: last }));
    const parsed: unknown = JSON.parse((await object.Body?.transformToString()) ?? '');
    const { identities, at } = (parsed ?? {}) as Partial<EvidenceSize>;
    if (typeof identities !== 'number' || typeof at !== 'string')
      throw new Error(`s3://${this.bucket}/${last} is not an evidence size record`);
    return { identities, at };
  }

  async record(accountId: string, region: string, size: EvidenceSize): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${prefixOf(accountId, region)}${size.at}-${randomUUID().slice(0, 8)}.json`,
        Body: JSON.stringify(size),
        ContentType: 'application/json',
        ServerSideEncryption: 'AES256',
        IfNoneMatch: '*',
      }),
    );
  }
}

export class InMemoryEvidenceSizes implements EvidenceSizes {
  private readonly sizes = new Map<string, EvidenceSize>();

  async latest(accountId: string, region: string): Promise<EvidenceSize | undefined> {
    return this.sizes.get(prefixOf(accountId, region));
  }

  async record(accountId: string, region: string, size: EvidenceSize): Promise<void> {
    this.sizes.set(prefixOf(accountId, region), size);
  }
}
