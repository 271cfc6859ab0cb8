import {
  BatchGetCollectionCommand,
  type CollectionDetail,
  DeleteCollectionCommand,
  ListTagsForResourceCommand,
  OpenSearchServerlessClient,
  paginateListCollections,
  UpdateCollectionCommand,
} from '@aws-sdk/client-opensearchserverless';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { configurationOr, theOne } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource } from './resource-type';

/** A collection on its way out is not inventory. */
const GONE_STATUSES = new Set(['DELETING']);

/** BatchGetCollection takes at most 100 ids (https://docs.aws.amazon.com/opensearch-service/latest/ServerlessAPIReference/API_BatchGetCollection.html). */
const BATCH = 100;

/**
 * The vector store a Bedrock Knowledge Base "quick create" makes is named `bedrock-knowledge-base-*`
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/knowledge-base-create.html); deleting it
 * breaks the knowledge base, which is judged (and deleted) on its own.
 */
const BEDROCK_KB_PREFIX = 'bedrock-knowledge-base-';

function protectionOf(detail: CollectionDetail): string | undefined {
  if (detail.name?.startsWith(BEDROCK_KB_PREFIX)) return 'the vector store of a Bedrock Knowledge Base';
  return undefined;
}

async function detailsById(aoss: OpenSearchServerlessClient, ids: readonly string[]): Promise<Map<string, CollectionDetail>> {
  const found = new Map<string, CollectionDetail>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const { collectionDetails } = await aoss.send(new BatchGetCollectionCommand({ ids: ids.slice(i, i + BATCH) }));
    for (const d of collectionDetails ?? []) if (d.id) found.set(d.id, d);
  }
  return found;
}

async function completeOne(aoss: OpenSearchServerlessClient, resource: Resource, detail: CollectionDetail | undefined) {
  if (!detail || GONE_STATUSES.has(detail.status ?? '')) return undefined;
  // Tags from the service: the tagging API is not relied on for OpenSearch Serverless.
  const { tags } = await aoss.send(new ListTagsForResourceCommand({ resourceArn: resource.arn }));
  const completed = completedResource(resource, {
    createdAt: detail.createdDate === undefined ? undefined : new Date(detail.createdDate),
    protectedBecause: protectionOf(detail),
    details: { status: detail.status, collectionType: detail.type, deletionProtection: detail.deletionProtection === 'ENABLED' },
  });
  return { ...completed, tags: Object.fromEntries((tags ?? []).map((t) => [t.key ?? '', t.value ?? ''])) };
}

/**
 * OpenSearch Serverless collections. ListCollections has no creation time and no tags: both come
 * from one BatchGetCollection per 100 candidates and one ListTagsForResource each. Deleting a
 * collection leaves its security, network and data access policies behind (they cost nothing).
 */
export const aossCollection = pagedType({
  // ARN `arn:aws:aoss:{region}:{account}:collection/{id}`.
  id: 'aoss:collection',
  label: 'OpenSearch Serverless collection',
  tagsFromList: false,
  completeReadsTags: true,
  iam: {
    read: ['aoss:ListCollections', 'aoss:BatchGetCollection', 'aoss:ListTagsForResource'],
    tag: ['aoss:TagResource', 'aoss:UntagResource'],
    delete: ['aoss:UpdateCollection', 'aoss:DeleteCollection'],
  },

  listing: {
    // maxResults is 1-100.
    pages: (clients) => paginateListCollections({ client: clients.get(OpenSearchServerlessClient), pageSize: 100 }, {}),
    items: (page) => page.collectionSummaries,
    resource: (c) => {
      if (!c.id || !c.arn || GONE_STATUSES.has(c.status ?? '')) return undefined;
      return { arn: c.arn, id: c.id, name: c.name, needsCompletion: true };
    },
  },

  async complete(clients, resources) {
    if (resources.length === 0) return [];
    const aoss = clients.get(OpenSearchServerlessClient);
    const details = await detailsById(
      aoss,
      resources.map((r) => r.id),
    );
    return readEach(resources, (r) => completeOne(aoss, r, details.get(r.id)));
  },

  async delete(clients, resource, options) {
    const aoss = clients.get(OpenSearchServerlessClient);
    // Read again: deletion protection may have been switched on since the listing.
    const detail = (await detailsById(aoss, [resource.id])).get(resource.id);
    if (!detail) throw Object.assign(new Error(`Collection ${resource.id} not found`), { name: 'ResourceNotFoundException' });
    if (detail.deletionProtection === 'ENABLED') {
      if (!options.disableProtection) return { status: 'skipped', reason: 'deletion protection is on' };
      await aoss.send(new UpdateCollectionCommand({ id: resource.id, deletionProtection: 'DISABLED' }));
    }
    await aoss.send(new DeleteCollectionCommand({ id: resource.id }));
    return { status: 'started', note: 'deletion takes a few minutes; its security and access policies are kept' };
  },

  // Type, encryption key, standby replicas, vector options, endpoints: one BatchGetCollection.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { collectionDetails } = await clients
        .get(OpenSearchServerlessClient)
        .send(new BatchGetCollectionCommand({ ids: [resource.id] }));
      return theOne(collectionDetails, `collection ${resource.id}`);
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/aos/home?region=${r.region}#opensearch/collections/${encodeURIComponent(r.name ?? r.id)}`,

  // 2 OCUs at ~$0.24/OCU-hour, shared by the collections of one account, region and KMS key
  // (https://aws.amazon.com/opensearch-service/pricing/).
  costHint: () => '~$350/month minimum in OCUs, shared by collections with the same KMS key, + storage',
});
