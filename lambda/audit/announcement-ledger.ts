import { randomUUID } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type Announcement, AnnouncementIndex } from '../core/announcements';
import { append } from '../util/batches';

/**
 * The announcement ledger: what each run's warning announced, the authority for deletion. One
 * object per run and target under `announcements/<account>/<region>/<run start>…json` in the
 * janitor's audit bucket (encrypted, versioned, out of reach of anyone who can merely tag). A night
 * of 10,000 announcements is one PutObject; reading a target is one list page and one GetObject per
 * run within the look-back window, whatever the number of resources.
 */
export interface AnnouncementLedger {
  /** Every announcement of this target made at or after `since`. Throws when the ledger cannot be read. */
  read(accountId: string, region: string, since: Date): Promise<AnnouncementIndex>;
  /** Records a run's announcements; throws when they could not be stored (then nothing may be marked). */
  record(accountId: string, region: string, announcedAt: Date, announcements: readonly Announcement[]): Promise<void>;
}

export const ANNOUNCEMENTS_PREFIX = 'announcements/';
const FORMAT_VERSION = 1;

interface LedgerObject {
  readonly version: number;
  readonly accountId: string;
  readonly region: string;
  readonly announcedAt: string;
  readonly announcements: readonly Announcement[];
}

export function targetPrefix(accountId: string, region: string): string {
  return `${ANNOUNCEMENTS_PREFIX}${accountId}/${region}/`;
}

export class S3AnnouncementLedger implements AnnouncementLedger {
  constructor(
    readonly bucket: string,
    region: string,
    private readonly client = new S3Client({ region, maxAttempts: 5 }),
  ) {}

  async record(accountId: string, region: string, announcedAt: Date, announcements: readonly Announcement[]): Promise<void> {
    if (announcements.length === 0) return;
    const body: LedgerObject = { version: FORMAT_VERSION, accountId, region, announcedAt: announcedAt.toISOString(), announcements };
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        // Run start first, so keys sort by time and a read can start after a cut-off; the suffix keeps two runs apart.
        Key: `${targetPrefix(accountId, region)}${announcedAt.toISOString()}-${randomUUID().slice(0, 8)}.json`,
        Body: JSON.stringify(body),
        ContentType: 'application/json',
        ServerSideEncryption: 'AES256',
        // A record is written once: never over an existing one (S3 conditional write).
        IfNoneMatch: '*',
      }),
    );
  }

  async read(accountId: string, region: string, since: Date): Promise<AnnouncementIndex> {
    const prefix = targetPrefix(accountId, region);
    const announcements: Announcement[] = [];
    for (const key of await this.keysSince(prefix, since)) {
      const object = await this.object(key);
      if (object.accountId !== accountId || object.region !== region) continue;
      append(announcements, object.announcements);
    }
    return new AnnouncementIndex(announcements);
  }

  private async keysSince(prefix: string, since: Date): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          StartAfter: `${prefix}${since.toISOString()}`,
          ContinuationToken: token,
        }),
      );
      keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  private async object(key: string): Promise<LedgerObject> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const text = Body ? await Body.transformToString() : '';
    let parsed: LedgerObject;
    try {
      parsed = JSON.parse(text) as LedgerObject;
    } catch (error) {
      throw new Error(`announcement ledger object s3://${this.bucket}/${key} is not JSON: ${(error as Error).message}`);
    }
    if (parsed.version !== FORMAT_VERSION || !Array.isArray(parsed.announcements)) {
      throw new Error(`announcement ledger object s3://${this.bucket}/${key} has an unknown format (version ${String(parsed.version)})`);
    }
    return parsed;
  }
}

/** The ledger in memory, for specs. */
export class InMemoryAnnouncementLedger implements AnnouncementLedger {
  readonly runs: { accountId: string; region: string; announcedAt: Date; announcements: readonly Announcement[] }[] = [];

  async record(accountId: string, region: string, announcedAt: Date, announcements: readonly Announcement[]): Promise<void> {
    if (announcements.length > 0) this.runs.push({ accountId, region, announcedAt, announcements });
  }

  async read(accountId: string, region: string, since: Date): Promise<AnnouncementIndex> {
    const runs = this.runs.filter((r) => r.accountId === accountId && r.region === region && r.announcedAt >= since);
    return new AnnouncementIndex(runs.flatMap((r) => r.announcements));
  }
}
