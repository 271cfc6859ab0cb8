import {
  BatchGetCollectionCommand,
  type CollectionDetail,
  DeleteCollectionCommand,
  ListCollectionsCommand,
  ListTagsForResourceCommand,
  OpenSearchServerlessClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateCollectionCommand,
} from '@aws-sdk/client-opensearchserverless';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/**
 * OpenSearch Serverless collections (`aoss:collection`). Ids are 20 lower-case characters; tags are
 * `{key, value}`; timestamps are epoch milliseconds. DeleteCollection moves a collection to
 * DELETING, `finishAossDeletions` plays the minutes after.
 */

const TYPE = 'aoss:collection';

export interface SeedCollectionOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  status?: string;
  deletionProtection?: boolean;
}

export function seedCollection(account: FakeAccount, options: SeedCollectionOptions = {}): FakeResource {
  const id = account.nextId('coll').padEnd(20, '0').slice(0, 20);
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: TYPE,
    arn: buildArn('aoss', region, account.accountId, `collection/${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      name: options.name ?? `search-${id.slice(-6)}`,
      status: options.status ?? 'ACTIVE',
      createdAt: options.createdAt ?? new Date(),
      deletionProtection: options.deletionProtection ?? false,
    },
  });
}

export function finishAossDeletions(account: FakeAccount): void {
  for (const c of account.list(TYPE)) if (c.data.status === 'DELETING') account.remove(c.arn);
}

function detail(c: FakeResource): CollectionDetail {
  return {
    id: c.data.id,
    name: c.data.name,
    arn: c.arn,
    status: c.data.status,
    type: 'VECTORSEARCH',
    standbyReplicas: 'ENABLED',
    deletionProtection: c.data.deletionProtection ? 'ENABLED' : 'DISABLED',
    createdDate: c.data.createdAt.getTime(),
    lastModifiedDate: c.data.createdAt.getTime(),
  };
}

function collectionIn(account: FakeAccount, id: string, region: string): FakeResource {
  const c = account.findBy(TYPE, 'id', id, region);
  if (!c) throw new FakeAwsError('ResourceNotFoundException', `Collection ${id} not found`);
  return c;
}

function byArn(account: FakeAccount, arn: string): FakeResource {
  const c = account.find(arn);
  if (!c || c.type !== TYPE) throw new FakeAwsError('ResourceNotFoundException', `Resource ${arn} not found`);
  return c;
}

const validation = (message: string) => new FakeAwsError('ValidationException', message);

export function installAoss(account: FakeAccount) {
  const stub = fakeService(OpenSearchServerlessClient, account);

  handle(stub, account, 'aoss', ListCollectionsCommand, (input, region) => {
    if (input.maxResults !== undefined && (input.maxResults < 1 || input.maxResults > 100)) throw validation('maxResults must be 1-100');
    const pageSize = Math.min(input.maxResults ?? 20, account.defaultPageSize);
    const { page, next } = paginate(account.list(TYPE, region), input.nextToken, pageSize);
    return {
      collectionSummaries: page.map((c) => ({ id: c.data.id, name: c.data.name, status: c.data.status, arn: c.arn })),
      nextToken: next,
    };
  });

  handle(stub, account, 'aoss', BatchGetCollectionCommand, (input, region) => {
    const ids = input.ids ?? [];
    if (ids.length < 1 || ids.length > 100) throw validation('ids must hold 1-100 collection ids');
    const found = ids.map((id) => account.findBy(TYPE, 'id', id, region));
    return {
      collectionDetails: found.filter((c): c is FakeResource => c !== undefined).map(detail),
      collectionErrorDetails: ids
        .filter((_, i) => found[i] === undefined)
        .map((id) => ({ id, errorCode: 'NOT_FOUND', errorMessage: `Collection ${id} not found` })),
    };
  });

  handle(stub, account, 'aoss', UpdateCollectionCommand, (input, region) => {
    const c = collectionIn(account, required(input, 'id'), region);
    if (input.deletionProtection !== undefined) c.data.deletionProtection = input.deletionProtection === 'ENABLED';
    return { updateCollectionDetail: { id: c.data.id, name: c.data.name, status: c.data.status, arn: c.arn } };
  });

  handle(stub, account, 'aoss', DeleteCollectionCommand, (input, region) => {
    const c = collectionIn(account, required(input, 'id'), region);
    if (c.data.deletionProtection) throw validation(`Collection ${c.data.id} has deletion protection enabled`);
    if (c.data.status !== 'ACTIVE' && c.data.status !== 'FAILED')
      throw new FakeAwsError('ConflictException', `Collection is ${c.data.status}`);
    c.data.status = 'DELETING';
    return { deleteCollectionDetail: { id: c.data.id, name: c.data.name, status: 'DELETING' as const } };
  });

  handle(stub, account, 'aoss', ListTagsForResourceCommand, (input) => ({
    tags: Object.entries(byArn(account, required(input, 'resourceArn')).tags).map(([key, value]) => ({ key, value })),
  }));
  handle(stub, account, 'aoss', TagResourceCommand, (input) => {
    account.setTags(
      byArn(account, required(input, 'resourceArn')).arn,
      Object.fromEntries(required(input, 'tags').map((t) => [t.key, t.value])),
    );
    return {};
  });
  handle(stub, account, 'aoss', UntagResourceCommand, (input) => {
    account.removeTags(byArn(account, required(input, 'resourceArn')).arn, required(input, 'tagKeys'));
    return {};
  });

  return stub;
}
