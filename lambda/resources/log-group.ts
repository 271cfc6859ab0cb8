import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';

/**
 * Log groups that AWS services create on first write for another resource's logs. CloudFormation never
 * tags them, even when their owner is infrastructure-as-code, so "untagged" says nothing about them.
 */
const SERVICE_LOG_GROUP_PREFIXES = [
  '/aws/lambda/',
  '/aws/codebuild/',
  '/aws/rds/',
  '/aws/ecs/',
  '/aws/eks/',
  '/aws/apigateway/',
  '/aws/vendedlogs/',
  '/aws-glue/',
  'API-Gateway-Execution-Logs_',
];

const SERVICE_LOG_GROUP_REASON = "created by an AWS service for another resource's logs; it follows that resource";

export function isServiceLogGroup(logGroupName: string): boolean {
  return SERVICE_LOG_GROUP_PREFIXES.some((prefix) => logGroupName.startsWith(prefix));
}

/** The console double-encodes the name and writes `%` as `$`: `/aws/x` becomes `$252Faws$252Fx`. */
function consoleLogGroupPath(logGroupName: string): string {
  return encodeURIComponent(encodeURIComponent(logGroupName)).replace(/%/g, '$');
}

export const logGroup = pagedType({
  id: 'logs:log-group',
  label: 'CloudWatch log group',
  tagsFromList: false,
  iam: {
    read: ['logs:DescribeLogGroups'],
    // TagResource/UntagResource are current; the tagging API may still authorise log groups with the
    // older TagLogGroup/UntagLogGroup actions, so both are granted.
    tag: ['logs:TagResource', 'logs:UntagResource', 'logs:TagLogGroup', 'logs:UntagLogGroup'],
    delete: ['logs:DeleteLogGroup'],
    deleteUnconditioned: ['logs:DescribeLogGroups'],
    deleteUnconditionedReason: 'DescribeLogGroups has no resource-level permissions.',
  },

  listing: {
    pages: (clients) => paginateDescribeLogGroups({ client: clients.get(CloudWatchLogsClient), pageSize: 50 }, {}),
    items: (page) => page.logGroups,
    resource: (group) => {
      const name = group.logGroupName;
      // The tagging API names log groups without the `:*` suffix that `arn` carries.
      const arn = group.logGroupArn ?? group.arn?.replace(/:\*$/, '');
      if (!name || !arn) return undefined;
      return {
        arn,
        id: name,
        name,
        createdAt: group.creationTime !== undefined ? new Date(group.creationTime) : undefined,
        protectedBecause: isServiceLogGroup(name) ? SERVICE_LOG_GROUP_REASON : undefined,
        details: { storedBytes: group.storedBytes, retentionInDays: group.retentionInDays },
      };
    },
  },

  async delete(clients, resource) {
    const logs = clients.get(CloudWatchLogsClient);
    // Deletion protection blocks DeleteLogGroup; read it now, as it may have been switched on since listing.
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupIdentifiers: [resource.id] }));
    if (logGroups?.find((g) => g.logGroupName === resource.id)?.deletionProtectionEnabled) {
      return { status: 'skipped', reason: 'deletion protection is on' };
    }
    await logs.send(new DeleteLogGroupCommand({ logGroupName: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/cloudwatch/home?region=${r.region}#logsV2:log-groups/log-group/${consoleLogGroupPath(r.id)}`,
});
