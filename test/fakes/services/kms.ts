import {
  CancelKeyDeletionCommand,
  DescribeKeyCommand,
  type KeyMetadata,
  KMSClient,
  ListAliasesCommand,
  ListKeysCommand,
  ListResourceTagsCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/** KMS keys and their aliases. Aliases live on the key's `data.aliases`. */

const TYPE = 'kms:key';

/** ListAliases also returns aliases AWS reserves for AWS-managed keys not created yet, without a target. */
const PREDEFINED_AWS_ALIASES = ['alias/aws/redshift'];

export interface SeedKmsKeyOptions {
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** `AWS` for AWS-managed keys (`alias/aws/s3`, ...). Defaults to `CUSTOMER`. */
  keyManager?: 'AWS' | 'CUSTOMER';
  keyState?: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingReplicaDeletion' | 'PendingImport';
  /** An alias name, with or without the `alias/` prefix. */
  alias?: string;
  /** Multi-Region keys get an `mrk-` id. */
  multiRegion?: 'PRIMARY' | 'REPLICA';
}

export function seedKmsKey(account: FakeAccount, options: SeedKmsKeyOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const counter = account.nextId('').padStart(12, '0');
  const keyId = options.multiRegion ? `mrk-${counter.padStart(32, '0')}` : `1a2b3c4d-0000-4000-8000-${counter}`;
  const alias = options.alias && (options.alias.startsWith('alias/') ? options.alias : `alias/${options.alias}`);
  return account.put({
    type: TYPE,
    arn: buildArn('kms', region, account.accountId, `key/${keyId}`),
    region,
    tags: options.tags,
    data: {
      keyId,
      keyManager: options.keyManager ?? 'CUSTOMER',
      keyState: options.keyState ?? 'Enabled',
      createdAt: options.createdAt ?? new Date(),
      aliases: alias ? [alias] : [],
      multiRegion: options.multiRegion,
    },
  });
}

function keyNotFound(keyId: string, region: string, account: FakeAccount): FakeAwsError {
  return new FakeAwsError('NotFoundException', `Key 'arn:aws:kms:${region}:${account.accountId}:key/${keyId}' does not exist`);
}

/** By key id or key ARN, and by alias name where the operation accepts one; only the client's region. */
function keyIn(account: FakeAccount, keyId: string, region: string, acceptsAlias = false): FakeResource {
  const found = account
    .list(TYPE, region)
    .find((k) => k.data.keyId === keyId || k.arn === keyId || (acceptsAlias && (k.data.aliases as string[]).includes(keyId)));
  if (!found) throw keyNotFound(keyId, region, account);
  return found;
}

function metadataOf(account: FakeAccount, k: FakeResource): KeyMetadata {
  return {
    AWSAccountId: account.accountId,
    KeyId: k.data.keyId,
    Arn: k.arn,
    CreationDate: k.data.createdAt,
    Enabled: k.data.keyState === 'Enabled',
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: k.data.keyState,
    DeletionDate: k.data.deletionDate,
    Origin: 'AWS_KMS',
    KeyManager: k.data.keyManager,
    KeySpec: 'SYMMETRIC_DEFAULT',
    MultiRegion: k.data.multiRegion !== undefined,
    MultiRegionConfiguration: k.data.multiRegion ? { MultiRegionKeyType: k.data.multiRegion } : undefined,
  };
}

/** KMS pages with Limit/Marker/Truncated; pages are capped so callers must follow NextMarker. */
function kmsPage<T>(account: FakeAccount, items: readonly T[], input: { Limit?: number; Marker?: string }, maxLimit: number) {
  if (input.Limit !== undefined && (input.Limit < 1 || input.Limit > maxLimit)) {
    throw new FakeAwsError(
      'ValidationException',
      `1 validation error detected: Value '${input.Limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${maxLimit}`,
    );
  }
  return paginate(items, input.Marker, Math.min(input.Limit ?? account.defaultPageSize, account.defaultPageSize));
}

export function installKms(account: FakeAccount) {
  const stub = fakeService(KMSClient, account);

  handle(stub, account, 'kms', ListKeysCommand, (input, region) => {
    const { page, next } = kmsPage(account, account.list(TYPE, region), input, 1000);
    return { Keys: page.map((k) => ({ KeyId: k.data.keyId, KeyArn: k.arn })), NextMarker: next, Truncated: next !== undefined };
  });

  handle(stub, account, 'kms', DescribeKeyCommand, (input, region) => ({
    KeyMetadata: metadataOf(account, keyIn(account, required(input, 'KeyId'), region, true)),
  }));

  handle(stub, account, 'kms', ListAliasesCommand, (input, region) => {
    const keys = input.KeyId ? [keyIn(account, input.KeyId, region)] : account.list(TYPE, region);
    const aliases = keys.flatMap((k) =>
      (k.data.aliases as string[]).map((name) => ({
        AliasName: name,
        AliasArn: buildArn('kms', region, account.accountId, name),
        TargetKeyId: k.data.keyId,
      })),
    );
    const predefined = input.KeyId
      ? []
      : PREDEFINED_AWS_ALIASES.map((name) => ({ AliasName: name, AliasArn: buildArn('kms', region, account.accountId, name) }));
    const { page, next } = kmsPage(account, [...aliases, ...predefined], input, 100);
    return { Aliases: page, NextMarker: next, Truncated: next !== undefined };
  });

  handle(stub, account, 'kms', ScheduleKeyDeletionCommand, (input, region) => {
    const window = input.PendingWindowInDays ?? 30;
    if (window < 7 || window > 30) {
      throw new FakeAwsError(
        'ValidationException',
        `1 validation error detected: Value '${window}' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30`,
      );
    }
    const k = keyIn(account, required(input, 'KeyId'), region);
    if (k.data.keyManager === 'AWS') {
      throw new FakeAwsError(
        'AccessDeniedException',
        `User is not authorized to perform: kms:ScheduleKeyDeletion on resource: ${k.arn} because it is an AWS managed key`,
      );
    }
    if (k.data.keyState === 'PendingDeletion' || k.data.keyState === 'PendingReplicaDeletion') {
      throw new FakeAwsError('KMSInvalidStateException', `${k.arn} is pending deletion.`);
    }
    k.data.keyState = 'PendingDeletion';
    k.data.deletionDate = new Date(Date.now() + window * 24 * 3600 * 1000);
    return { KeyId: k.arn, DeletionDate: k.data.deletionDate, KeyState: 'PendingDeletion', PendingWindowInDays: window };
  });

  handle(stub, account, 'kms', CancelKeyDeletionCommand, (input, region) => {
    const k = keyIn(account, required(input, 'KeyId'), region);
    if (k.data.keyState !== 'PendingDeletion') throw new FakeAwsError('KMSInvalidStateException', `${k.arn} is not pending deletion.`);
    // A cancelled key comes back disabled, as in KMS.
    k.data.keyState = 'Disabled';
    k.data.deletionDate = undefined;
    return { KeyId: k.arn };
  });

  // Handled so that a per-key tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'kms', ListResourceTagsCommand, (input, region) => {
    const k = keyIn(account, required(input, 'KeyId'), region);
    return { Tags: Object.entries(k.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })), Truncated: false };
  });

  return stub;
}
