import {
  GetDefaultViewCommand,
  GetIndexCommand,
  GetViewCommand,
  ListSupportedResourceTypesCommand,
  ResourceExplorer2Client,
  SearchCommand,
} from '@aws-sdk/client-resource-explorer-2';
import { buildArn } from '../../../lambda/aws/arn';
import { RESOURCE_TYPES } from '../../../lambda/resources/registry';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/**
 * AWS Resource Explorer over the fake account's resources, in the regions where it has been set up
 * (an index and a default view); elsewhere Search fails with 401 Unauthorized as AWS's does, and
 * GetIndex with 404. Search understands the janitor's two queries: `tag:none region:{region}` and
 * `region:{region}`. A resource's type is its tagging type, as in Resource Explorer's own list.
 */

export interface FakeExplorerRegion {
  /** The default view's filter; '' (the default) for none. Search through a filtered view is refused. */
  readonly viewFilter: string;
  readonly indexState: 'ACTIVE' | 'CREATING' | 'UPDATING' | 'DELETING';
  readonly indexCreatedAt: Date;
  /** False: an index but no default view. */
  readonly defaultView: boolean;
}

interface Explorer {
  readonly regions: Map<string, FakeExplorerRegion>;
  /** What ListSupportedResourceTypes answers. */
  supportedTypes: readonly string[];
  /** Resources the index has not picked up yet (index lag). */
  readonly notYetIndexed: Set<string>;
}

const explorers = new WeakMap<FakeAccount, Explorer>();
/** Resource Explorer counts and returns at most this many matches of any query. */
const RESULT_LIMIT = 1000;
/** An index set up long before any scenario night. */
const OLD_INDEX = new Date('2026-01-01T00:00:00Z');
/** Every covered type's tagging type, and some it does not cover. */
export const FAKE_SUPPORTED_TYPES: readonly string[] = [
  ...new Set([...RESOURCE_TYPES.map((t) => t.taggingType ?? t.id), 'ec2:subnet', 'ec2:vpc', 'glue:job', 'iam:role']),
];

function explorerOf(account: FakeAccount): Explorer {
  let explorer = explorers.get(account);
  if (!explorer) {
    explorer = { regions: new Map(), supportedTypes: FAKE_SUPPORTED_TYPES, notYetIndexed: new Set() };
    explorers.set(account, explorer);
  }
  return explorer;
}

export function setUpResourceExplorer(
  account: FakeAccount,
  regions: readonly string[] = ['eu-west-1'],
  options: Partial<FakeExplorerRegion> = {},
): void {
  const explorer = explorerOf(account);
  for (const region of regions) {
    explorer.regions.set(region, { viewFilter: '', indexState: 'ACTIVE', indexCreatedAt: OLD_INDEX, defaultView: true, ...options });
  }
}

/** Sets what ListSupportedResourceTypes answers for the account. */
export function setSupportedResourceTypes(account: FakeAccount, types: readonly string[]): void {
  explorerOf(account).supportedTypes = types;
}

/** A resource created since the index last caught up: Search does not return it yet. */
export function notYetIndexed(account: FakeAccount, arn: string): void {
  explorerOf(account).notYetIndexed.add(arn);
}

/** The index has caught up with the resource: Search returns it again. */
export function indexCaughtUp(account: FakeAccount, arn: string): void {
  explorerOf(account).notYetIndexed.delete(arn);
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

/** The resources a query matches, or a ValidationException for a query the fake does not understand. */
function matching(account: FakeAccount, query: string): FakeResource[] {
  const match = /^(tag:none )?region:([a-z0-9-]+)$/.exec(query);
  if (!match) {
    throw new FakeAwsError(
      'ValidationException',
      `this fake understands only "tag:none region:<region>" and "region:<region>", not "${query}"`,
    );
  }
  const { notYetIndexed: lagging } = explorerOf(account);
  return [...account.resources.values()].filter(
    (r) => r.region === match[2] && !lagging.has(r.arn) && (match[1] === undefined || !hasUserTags(r)),
  );
}

/** MaxResults of Search and ListSupportedResourceTypes: 1 to 1,000, as AWS validates it. */
function pageSize(maxResults: number | undefined, otherwise: number): number {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > RESULT_LIMIT)) {
    throw new FakeAwsError('ValidationException', `MaxResults ${maxResults} is not between 1 and ${RESULT_LIMIT}`);
  }
  return maxResults ?? otherwise;
}

const defaultViewArn = (account: FakeAccount, region: string) =>
  buildArn('resource-explorer-2', region, account.accountId, 'view/default/0');

function regionOf(account: FakeAccount, region: string): FakeExplorerRegion | undefined {
  return explorerOf(account).regions.get(region);
}

export function installResourceExplorer(account: FakeAccount) {
  const stub = fakeService(ResourceExplorer2Client, account);
  handle(stub, account, 'resource-explorer-2', GetIndexCommand, (_input, region) => {
    const set = regionOf(account, region);
    if (!set) throw new FakeAwsError('ResourceNotFoundException', 'Resource Explorer has no index in this Region.');
    return {
      Arn: buildArn('resource-explorer-2', region, account.accountId, 'index/0'),
      Type: 'LOCAL',
      State: set.indexState,
      CreatedAt: set.indexCreatedAt,
      LastUpdatedAt: set.indexCreatedAt,
    };
  });
  handle(stub, account, 'resource-explorer-2', GetDefaultViewCommand, (_input, region) => {
    const set = regionOf(account, region);
    return set?.defaultView ? { ViewArn: defaultViewArn(account, region) } : {};
  });
  handle(stub, account, 'resource-explorer-2', GetViewCommand, (input, region) => {
    const arn = required(input, 'ViewArn');
    const set = regionOf(account, region);
    if (!set?.defaultView || arn !== defaultViewArn(account, region)) throw new FakeAwsError('ResourceNotFoundException', `no view ${arn}`);
    return {
      View: {
        ViewArn: arn,
        Owner: account.accountId,
        Scope: `arn:aws:iam::${account.accountId}:root`,
        Filters: { FilterString: set.viewFilter },
        IncludedProperties: [{ Name: 'tags' }],
        LastUpdatedAt: set.indexCreatedAt,
      },
    };
  });
  handle(stub, account, 'resource-explorer-2', ListSupportedResourceTypesCommand, (input) => {
    const types = explorerOf(account).supportedTypes.map((t) => ({ ResourceType: t, Service: t.split(':')[0] }));
    const { page, next } = paginate(types, input.NextToken, pageSize(input.MaxResults, 100));
    return { ResourceTypes: page, ...(next ? { NextToken: next } : {}) };
  });
  handle(stub, account, 'resource-explorer-2', SearchCommand, (input, region) => {
    const set = regionOf(account, region);
    if (!set?.defaultView) {
      throw new FakeAwsError('UnauthorizedException', 'The Region has no default view, or you do not have permission to use it.');
    }
    if (input.ViewArn !== undefined && input.ViewArn !== defaultViewArn(account, region)) {
      throw new FakeAwsError('ResourceNotFoundException', `no view ${input.ViewArn}`);
    }
    if (set.viewFilter !== '') throw new FakeAwsError('ValidationException', 'this fake does not apply view filters to a search');
    const matches = matching(account, required(input, 'QueryString'));
    const counted = matches.slice(0, RESULT_LIMIT);
    const { page, next } = paginate(counted, input.NextToken, pageSize(input.MaxResults, 100));
    return {
      Resources: page.map((r) => ({
        Arn: r.arn,
        ResourceType: r.taggingType ?? r.type,
        Region: r.region,
        OwningAccountId: r.data.ownerAccountId ?? account.accountId,
        Service: (r.taggingType ?? r.type).split(':')[0],
      })),
      ...(next ? { NextToken: next } : {}),
      Count: { TotalResources: counted.length, Complete: matches.length <= RESULT_LIMIT },
      ViewArn: defaultViewArn(account, region),
    };
  });
  return stub;
}
