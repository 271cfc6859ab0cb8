import {
  DescribeKeyCommand,
  type KeyMetadata,
  KMSClient,
  paginateListAliases,
  paginateListKeys,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { readEach } from './per-resource-reads';
import { completedResource, type ResourceType } from './resource-type';

/** The longest window KMS allows: data encrypted under the key stays recoverable the longest. */
const PENDING_WINDOW_DAYS = 30;

/** Keys whose deletion is already scheduled are not inventory; scheduling again would fail anyway. */
const DELETION_PENDING_STATES = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

const AWS_MANAGED = 'AWS-managed key';

/** `alias/aws/...` is reserved: only AWS-managed keys carry it (CreateAlias refuses the prefix). */
function isAwsManagedAlias(aliasName: string): boolean {
  return aliasName.startsWith('alias/aws/');
}

/** Alias names (`alias/...`) per target key id, from one ListAliases sweep of the region. */
async function aliasesByKeyId(kms: KMSClient): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  for await (const page of paginateListAliases({ client: kms, pageSize: 100 }, {})) {
    for (const { AliasName, TargetKeyId } of page.Aliases ?? []) {
      // Predefined `alias/aws/...` entries of AWS-managed keys not yet created have no target.
      if (!AliasName || !TargetKeyId) continue;
      byKey.set(TargetKeyId, [...(byKey.get(TargetKeyId) ?? []), AliasName]);
    }
  }
  return byKey;
}

/** A key deleted since ListKeys is simply gone. */
async function describeKey(kms: KMSClient, keyId: string): Promise<KeyMetadata | undefined> {
  try {
    return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
  } catch (error) {
    if ((error as Error).name === 'NotFoundException') return undefined;
    throw error;
  }
}

/**
 * Customer-managed KMS keys. Tagging API type `kms:key` (AWS Organizations, "Services and resource
 * types that support enforcement"); ARN `arn:aws:kms:{region}:{account}:key/{key-id}` as ListKeys
 * returns it. Multi-Region primaries and replicas are ordinary keys of their region here.
 */
export const kmsKey: ResourceType = {
  id: 'kms:key',
  label: 'KMS key',
  tagsFromList: false,
  // Last: snapshots and final backups of resources encrypted with the key are taken while it is usable.
  deletionOrder: 90,
  iam: {
    read: ['kms:ListKeys', 'kms:DescribeKey', 'kms:ListAliases'],
    tag: ['kms:TagResource', 'kms:UntagResource'],
    delete: ['kms:ScheduleKeyDeletion'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    const kms = clients.get(KMSClient);
    let aliases: Map<string, string[]> | undefined;
    for await (const page of paginateListKeys({ client: kms, pageSize: 1000 }, {})) {
      const keys = page.Keys ?? [];
      // Once per listing, not per key; only when the region has keys at all.
      if (keys.length > 0) aliases ??= await aliasesByKeyId(kms);
      for (const { KeyId, KeyArn } of keys) {
        if (!KeyId || !KeyArn) continue;
        const keyAliases = aliases?.get(KeyId) ?? [];
        // ListKeys says nothing but id and ARN. An AWS-managed key is known by its alias (every one
        // has `alias/aws/<service>`, a prefix no one else may use), so it is protected here, listed
        // rather than dropped so the run's log shows it was seen and left alone. Who manages any
        // other key, its state and creation date need one DescribeKey per key (KMS has no batch
        // form), made by `complete` for the night's candidates only. Tags come from the engine's sweep.
        const awsManaged = keyAliases.some(isAwsManagedAlias);
        yield {
          type: 'kms:key',
          arn: KeyArn,
          id: KeyId,
          name: keyAliases[0],
          region,
          accountId,
          tags: {},
          ...(awsManaged ? { protectedBecause: AWS_MANAGED, details: { keyManager: 'AWS' } } : { needsCompletion: true as const }),
        } satisfies Resource;
      }
    }
  },

  async complete(clients, resources) {
    const kms = clients.get(KMSClient);
    return readEach(resources, async (resource) => {
      const metadata = await describeKey(kms, resource.id);
      // Scheduled for deletion already (by an earlier run, or someone else): not inventory.
      if (!metadata || DELETION_PENDING_STATES.has(metadata.KeyState ?? '')) return undefined;
      if (metadata.Arn && metadata.Arn !== resource.arn)
        throw new Error(`DescribeKey gave ARN ${metadata.Arn} for the key listed as ${resource.arn}`);
      return completedResource(resource, {
        createdAt: metadata.CreationDate,
        // Should an AWS-managed key ever come without its alias, DescribeKey still tells.
        protectedBecause: metadata.KeyManager === 'AWS' ? AWS_MANAGED : undefined,
        details: {
          keyManager: metadata.KeyManager,
          keyState: metadata.KeyState,
          multiRegionKeyType: metadata.MultiRegionConfiguration?.MultiRegionKeyType,
        },
      });
    });
  },

  async delete(clients, resource) {
    // Belt and braces: KMS refuses anyway, but an AWS-managed key must never get this far.
    if (resource.details?.keyManager === 'AWS') return { status: 'skipped', reason: 'AWS-managed key' };
    await clients.get(KMSClient).send(new ScheduleKeyDeletionCommand({ KeyId: resource.id, PendingWindowInDays: PENDING_WINDOW_DAYS }));
    return { status: 'started', note: `deletion scheduled in ${PENDING_WINDOW_DAYS} days; cancel with CancelKeyDeletion` };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/kms/home?region=${r.region}#/kms/keys/${r.id}`,

  // Flat monthly fee per customer-managed key (each multi-Region replica too), disabled or not.
  costHint: (r) => (r.details?.keyManager === 'AWS' ? undefined : '$1/month'),
};
