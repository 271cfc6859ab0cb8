import { randomUUID } from 'node:crypto';
import {
  CloudFormationClient,
  ListStackResourcesCommand,
  ListStacksCommand,
  type ResourceStatus,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { type FakeAccount, FakeAwsError, fakeService, handle, paginate, required } from '../fake-account';

/**
 * CloudFormation's two read calls the janitor makes: ListStacks (with its status filter; deleted
 * stacks stay listed, as DELETE_COMPLETE, for 90 days) and ListStackResources, both paginated.
 */

export interface FakeStackResource {
  readonly logicalId: string;
  /** e.g. `AWS::SQS::Queue`. */
  readonly type: string;
  /** What CloudFormation reports: a name, an id, an ARN or a URL, depending on the type. */
  readonly physicalId: string;
}

export interface FakeStack {
  readonly stackId: string;
  readonly stackName: string;
  readonly region: string;
  status: StackStatus;
  resources: FakeStackResource[];
  /** CreationTime, then LastUpdatedTime once updated. */
  readonly createdAt: Date;
  updatedAt?: Date;
}

const STACKS = new WeakMap<FakeAccount, FakeStack[]>();

export function stacksOf(account: FakeAccount): FakeStack[] {
  let stacks = STACKS.get(account);
  if (!stacks) {
    stacks = [];
    STACKS.set(account, stacks);
  }
  return stacks;
}

export function seedStack(
  account: FakeAccount,
  options: { name?: string; stackId?: string; region?: string; status?: StackStatus; resources?: FakeStackResource[] } = {},
): FakeStack {
  const region = options.region ?? 'eu-west-1';
  const stackName = options.name ?? account.nextId('stack-');
  const stack: FakeStack = {
    stackId: options.stackId ?? `arn:aws:cloudformation:${region}:${account.accountId}:stack/${stackName}/${randomUUID()}`,
    stackName,
    region,
    status: options.status ?? 'CREATE_COMPLETE',
    resources: options.resources ?? [],
    createdAt: new Date('2026-01-01T00:00:00Z'),
  };
  stacksOf(account).push(stack);
  return stack;
}

/** An update: new resources, and LastUpdatedTime moves on. */
export function updateStack(stack: FakeStack, resources: FakeStackResource[], at = new Date()): void {
  stack.resources = resources;
  stack.updatedAt = at;
}

/** As CloudFormation does once a stack is deleted: listed as DELETE_COMPLETE, its resources gone (or retained). */
export function deleteStack(stack: FakeStack): void {
  stack.status = 'DELETE_COMPLETE';
}

export function installCloudFormation(account: FakeAccount) {
  const stub = fakeService(CloudFormationClient, account);

  handle(stub, account, 'cloudformation', ListStacksCommand, (input, region) => {
    const filter = input.StackStatusFilter;
    const stacks = stacksOf(account).filter((s) => s.region === region && (!filter?.length || filter.includes(s.status)));
    const { page, next } = paginate(stacks, input.NextToken, account.defaultPageSize);
    return {
      StackSummaries: page.map((s) => ({
        StackId: s.stackId,
        StackName: s.stackName,
        StackStatus: s.status,
        CreationTime: s.createdAt,
        ...(s.updatedAt ? { LastUpdatedTime: s.updatedAt } : {}),
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'cloudformation', ListStackResourcesCommand, (input, region) => {
    const name = required(input, 'StackName');
    const stack = stacksOf(account).find(
      (s) => s.region === region && (s.stackId === name || (s.stackName === name && s.status !== 'DELETE_COMPLETE')),
    );
    if (!stack)
      throw Object.assign(new FakeAwsError('ValidationError', `Stack with id ${name} does not exist`), { Code: 'ValidationError' });
    const { page, next } = paginate(stack.resources, input.NextToken, account.defaultPageSize);
    return {
      StackResourceSummaries: page.map((r) => ({
        LogicalResourceId: r.logicalId,
        PhysicalResourceId: r.physicalId,
        ResourceType: r.type,
        ResourceStatus: 'CREATE_COMPLETE' as ResourceStatus,
        LastUpdatedTimestamp: new Date(0),
      })),
      NextToken: next,
    };
  });

  return stub;
}
