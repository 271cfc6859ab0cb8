import { ResourceExplorer2Client, SearchCommand } from '@aws-sdk/client-resource-explorer-2';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/**
 * AWS Resource Explorer's Search over the fake account's resources, in the regions where it has been
 * set up (an index and a default view); elsewhere Search fails with 401 Unauthorized as AWS's does.
 * Only the janitor's one query is understood: `tag:none region:{region}`.
 */

const setUp = new WeakMap<FakeAccount, Set<string>>();
/** Resource Explorer counts and returns at most this many matches of any query. */
const RESULT_LIMIT = 1000;

export function setUpResourceExplorer(account: FakeAccount, regions: readonly string[] = ['eu-west-1']): void {
  setUp.set(account, new Set([...(setUp.get(account) ?? []), ...regions]));
}

/** A resource of a type no plug-in lists (a subnet, a Glue job): only Resource Explorer sees it. */
export function seedIndexedResource(
  account: FakeAccount,
  options: { type: string; region?: string; tags?: Record<string, string>; ownerAccountId?: string },
): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const [service, resource] = options.type.split(':');
  const owner = options.ownerAccountId ?? account.accountId;
  return account.put({
    type: options.type,
    arn: buildArn(service!, region, owner, `${resource}/${account.nextId('')}`),
    region,
    tags: options.tags,
    data: { indexedOnly: true, ownerAccountId: owner },
  });
}

const hasUserTags = (r: FakeResource) => Object.keys(r.tags).some((k) => !k.toLowerCase().startsWith('aws:'));

export function installResourceExplorer(account: FakeAccount) {
  const stub = fakeService(ResourceExplorer2Client, account);
  handle(stub, account, 'resource-explorer-2', SearchCommand, (input, region) => {
    if (!setUp.get(account)?.has(region)) {
      throw new FakeAwsError('UnauthorizedException', 'The Region has no default view, or you do not have permission to use it.');
    }
    const query = required(input, 'QueryString');
    const match = /^tag:none region:([a-z0-9-]+)$/.exec(query);
    if (!match) throw new FakeAwsError('ValidationException', `this fake understands only "tag:none region:<region>", not "${query}"`);
    const matches = [...account.resources.values()].filter((r) => r.region === match[1] && !hasUserTags(r));
    const counted = matches.slice(0, RESULT_LIMIT);
    const { page, next } = paginate(counted, input.NextToken, Math.min(input.MaxResults ?? 100, RESULT_LIMIT));
    return {
      Resources: page.map((r) => ({
        Arn: r.arn,
        ResourceType: r.type,
        Region: r.region,
        OwningAccountId: r.data.ownerAccountId ?? account.accountId,
        Service: r.type.split(':')[0],
      })),
      ...(next ? { NextToken: next } : {}),
      Count: { TotalResources: counted.length, Complete: matches.length <= RESULT_LIMIT },
      ViewArn: buildArn('resource-explorer-2', region, account.accountId, 'view/default/0'),
    };
  });
  return stub;
}
