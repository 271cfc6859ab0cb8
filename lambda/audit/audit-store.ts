import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { AuditLocation } from '../core/report';
import { type AuditRecord, auditKey } from './audit-record';

/** Where audit records go; the janitor's own bucket, in its own account and region. */
export interface AuditStore {
  write(record: AuditRecord): Promise<AuditLocation>;
}

export class S3AuditStore implements AuditStore {
  constructor(
    private readonly bucket: string,
    private readonly region: string,
    private readonly client = new S3Client({ region, maxAttempts: 5 }),
  ) {}

  async write(record: AuditRecord): Promise<AuditLocation> {
    const key = auditKey(record.accountId, record.region, new Date(record.startedAt));
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: JSON.stringify(record, null, 1),
        ContentType: 'application/json',
        // Explicit, so a bucket default change can never leave a record unencrypted.
        ServerSideEncryption: 'AES256',
      }),
    );
    return {
      uri: `s3://${this.bucket}/${key}`,
      consoleUrl: `https://s3.console.aws.amazon.com/s3/object/${this.bucket}?region=${this.region}&prefix=${encodeURIComponent(key)}`,
    };
  }
}
