import {
  DeleteServerlessCacheCommand,
  DescribeServerlessCachesCommand,
  ElastiCacheClient,
  paginateDescribeServerlessCaches,
  type ServerlessCache,
} from '@aws-sdk/client-elasticache';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { configurationOr, noneIf, theOne } from './configuration';
import { elastiCacheTags } from './elasticache-replication-group';
import { FINAL_BACKUP_PREFIX, finalSnapshotIdentifier } from './final-backup-name';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome } from './resource-type';

/** The janitor's final serverless snapshots, the only new resources its unconditioned grants reach. */
const FINAL_SNAPSHOT_ARN = `arn:\${Partition}:elasticache:*:*:serverlesscachesnapshot:${FINAL_BACKUP_PREFIX}-*`;

/** A cache on its way out is not inventory. */
const GONE_STATUSES = new Set(['deleting']);

const NOT_FOUND = ['ServerlessCacheNotFoundFault'];

/** ListTagsForResource fails for a resource that is not `available`; such a candidate waits for another night. */
const NOT_READABLE = [...NOT_FOUND, 'InvalidServerlessCacheStateFault'];

/**
 * Rough us-east-1 prices (https://aws.amazon.com/elasticache/pricing/): data stored per GB-hour, and the
 * minimum a cache is billed for. ECPUs (about $0.0023-0.0034 per million) come on top.
 */
const STORAGE: Readonly<Record<string, { perGbHour: number; minimumGb: number; minimum: string }>> = {
  valkey: { perGbHour: 0.084, minimumGb: 0.1, minimum: '100 MB' },
  redis: { perGbHour: 0.125, minimumGb: 1, minimum: '1 GB' },
  memcached: { perGbHour: 0.125, minimumGb: 1, minimum: '1 GB' },
};

async function describeCache(client: ElastiCacheClient, name: string): Promise<ServerlessCache> {
  const { ServerlessCaches } = await client.send(new DescribeServerlessCachesCommand({ ServerlessCacheName: name }));
  return theOne(ServerlessCaches, `serverless cache ${name}`);
}

const cacheDetails = (cache: ServerlessCache) => ({
  status: cache.Status,
  engine: cache.Engine,
  engineVersion: cache.MajorEngineVersion,
});

async function completeOne(client: ElastiCacheClient, resource: Resource): Promise<Resource | undefined> {
  const cache = await noneIf(NOT_FOUND, () => describeCache(client, resource.id));
  if (!cache || GONE_STATUSES.has(cache.Status ?? '')) return undefined;
  const tags = await elastiCacheTags(client, resource.arn, NOT_READABLE);
  if (!tags) return undefined;
  return { ...completedResource(resource, { createdAt: cache.CreateTime, details: cacheDetails(cache) }), tags };
}

/** ElastiCache Serverless caches (Valkey, Redis OSS, Memcached), deleted with a final snapshot. */
export const elasticacheServerlessCache = pagedType({
  // Tagging API type `elasticache:serverlesscache`, ARN `arn:aws:elasticache:{region}:{account}:serverlesscache:{name}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticache.html), the cache's ARN field.
  id: 'elasticache:serverlesscache',
  label: 'ElastiCache Serverless cache',
  // DescribeServerlessCaches returns no tags: `complete` reads each candidate's with ListTagsForResource.
  tagsFromList: false,
  completeReadsTags: true,
  iam: {
    read: ['elasticache:DescribeServerlessCaches', 'elasticache:ListTagsForResource'],
    tag: ['elasticache:AddTagsToResource', 'elasticache:RemoveTagsFromResource'],
    // "CreateServerlessCacheSnapshot permission is required to create a final snapshot"
    // (https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DeleteServerlessCache.html). Both
    // authorize against the cache (marked: conditioned) and the new snapshot (unconditioned, janitor-final-* only).
    delete: ['elasticache:DeleteServerlessCache', 'elasticache:CreateServerlessCacheSnapshot'],
    deleteUnconditioned: ['elasticache:DeleteServerlessCache', 'elasticache:CreateServerlessCacheSnapshot'],
    deleteUnconditionedReason:
      'The final snapshot is new, so it has no tags when DeleteServerlessCache and CreateServerlessCacheSnapshot authorize against it (janitor-final-* serverless snapshots only).',
    resources: {
      deleteUnconditioned: {
        'elasticache:DeleteServerlessCache': [FINAL_SNAPSHOT_ARN],
        'elasticache:CreateServerlessCacheSnapshot': [FINAL_SNAPSHOT_ARN],
      },
    },
  },
  deletionOrder: 30,

  listing: {
    // MaxResults defaults to 50; 100 is the most it takes.
    pages: (clients) => paginateDescribeServerlessCaches({ client: clients.get(ElastiCacheClient), pageSize: 100 }, {}),
    items: (page) => page.ServerlessCaches,
    resource: (cache) => {
      const name = cache.ServerlessCacheName;
      if (!name || !cache.ARN || GONE_STATUSES.has(cache.Status ?? '')) return undefined;
      return { arn: cache.ARN, id: name, name, details: cacheDetails(cache), needsCompletion: true };
    },
  },

  // DescribeServerlessCaches (state, creation time) and ListTagsForResource for each candidate.
  complete: (clients, resources) => readEach(resources, (r) => completeOne(clients.get(ElastiCacheClient), r)),

  async delete(clients, resource, options): Promise<DeletionOutcome> {
    const client = clients.get(ElastiCacheClient);
    // Read again: ElastiCache refuses a cache that is not `available` (InvalidServerlessCacheStateFault).
    const cache = await describeCache(client, resource.id);
    if (cache.Status !== 'available') return { status: 'skipped', reason: `status is ${cache.Status ?? 'unknown'}, not available` };
    // A final snapshot is available for Valkey, Redis OSS and Memcached alike (the API reference above).
    const snapshotName = options.backup ? finalSnapshotIdentifier(resource.id, new Date()) : undefined;
    await client.send(
      new DeleteServerlessCacheCommand({ ServerlessCacheName: resource.id, ...(snapshotName ? { FinalSnapshotName: snapshotName } : {}) }),
    );
    const note = 'deletion takes several minutes';
    if (!snapshotName) return { status: 'started', note: `${note}; no final snapshot (backups are off)` };
    return { status: 'started', note, backup: `final snapshot ${snapshotName}` };
  },

  // Engine, usage limits, network, encryption, snapshot settings: one DescribeServerlessCaches.
  describe: (clients, resource) => configurationOr(resource, () => describeCache(clients.get(ElastiCacheClient), resource.id)),

  consoleUrl: (r) => `${consoleBase(r.region)}/elasticache/home?region=${r.region}#/serverless/${encodeURIComponent(r.id)}`,

  costHint: (r) => {
    const price = STORAGE[String(r.details?.engine)];
    if (!price) return undefined;
    const monthly = Math.round(price.perGbHour * price.minimumGb * 730);
    return `~$${monthly}/month at the ${price.minimum} minimum, + data stored beyond it and ECPUs`;
  },
});
