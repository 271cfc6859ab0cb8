import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
  type LogGroup,
} from '@aws-sdk/client-cloudwatch-logs';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  paginate,
  required,
  type SeedOptions,
  seedResource,
} from '../fake-account';

const TYPE = 'logs:log-group';

export interface SeedLogGroupOptions extends SeedOptions {
  deletionProtection?: boolean;
  /** Answer like older responses that carry only `arn` (with its `:*`), not `logGroupArn`. */
  omitLogGroupArn?: boolean;
}

export function seedLogGroup(account: FakeAccount, options: SeedLogGroupOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: '/janitor-test/log-group-' }, options, ({ name, region, createdAt }) => ({
    // The tagging API's form: no trailing `:*`.
    arn: buildArn('logs', region, account.accountId, `log-group:${name}`),
    data: {
      logGroupName: name,
      createdAt,
      deletionProtection: options.deletionProtection ?? false,
      omitLogGroupArn: options.omitLogGroupArn ?? false,
    },
  }));
}

function logGroupNotFound(): FakeAwsError {
  return new FakeAwsError('ResourceNotFoundException', 'The specified log group does not exist.');
}

function describe(group: FakeResource): LogGroup {
  return {
    logGroupName: group.data.logGroupName,
    creationTime: group.data.createdAt.getTime(),
    arn: `${group.arn}:*`,
    logGroupArn: group.data.omitLogGroupArn ? undefined : group.arn,
    storedBytes: 0,
    metricFilterCount: 0,
    logGroupClass: 'STANDARD',
    deletionProtectionEnabled: group.data.deletionProtection,
  };
}

export function installCloudWatchLogs(account: FakeAccount) {
  const stub = fakeService(CloudWatchLogsClient, account);

  handle(stub, account, 'logs', DescribeLogGroupsCommand, (input, region) => {
    if (input.limit !== undefined && (input.limit < 1 || input.limit > 50)) {
      throw new FakeAwsError('InvalidParameterException', 'limit must be 1-50');
    }
    const identifiers: string[] | undefined = input.logGroupIdentifiers;
    if (identifiers && (input.logGroupNamePrefix || input.logGroupNamePattern)) {
      throw new FakeAwsError('InvalidParameterException', 'logGroupIdentifiers cannot be combined with a name filter');
    }
    const groups = account
      .list(TYPE, region)
      .filter((g) => !identifiers || identifiers.includes(g.data.logGroupName) || identifiers.includes(g.arn))
      .filter((g) => !input.logGroupNamePrefix || g.data.logGroupName.startsWith(input.logGroupNamePrefix))
      .sort((a, b) => (a.data.logGroupName < b.data.logGroupName ? -1 : 1));
    const pageSize = Math.min(input.limit ?? 50, account.defaultPageSize);
    const { page, next } = paginate(groups, input.nextToken, pageSize);
    return { logGroups: page.map(describe), nextToken: next };
  });

  handle(stub, account, 'logs', DeleteLogGroupCommand, (input, region) => {
    const group = account.findBy(TYPE, 'logGroupName', input.logGroupName, region);
    if (!group) throw logGroupNotFound();
    if (group.data.deletionProtection) {
      throw new FakeAwsError(
        'ValidationException',
        'Cannot delete log group with deletion protection enabled. Disable deletion protection first.',
      );
    }
    account.remove(group.arn);
    return {};
  });

  // Handled so that a per-group tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'logs', ListTagsForResourceCommand, (input, region) => {
    const group = account.find(required(input, 'resourceArn'));
    if (!group || group.type !== TYPE || group.region !== region) throw logGroupNotFound();
    return { tags: { ...group.tags } };
  });

  return stub;
}
