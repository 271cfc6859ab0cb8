/**
 * The page sizes the fake endpoint serves, and the calls discovery cannot avoid given what is in
 * the account: each list API's pages at its maximum page size, as each plug-in lists its type on
 * its own (lambda/resources/*.ts; a list call two types both make is counted for each).
 */
import type { FakeAccount } from '../test/fakes/fake-account';
import { SERVED_TYPE_IDS } from '../test/fakes/http/served-types';

/**
 * Each list API's maximum page size (or batch size for batched describes), by `service:Operation`
 * as the fakes name services, from the API references: e.g.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstances.html (MaxResults 5–1000),
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeLaunchTemplates.html (1–200),
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html (MaxBuckets 1–10000),
 * https://docs.aws.amazon.com/sns/latest/api/API_ListTopics.html (100 per call),
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeLoadBalancers.html (PageSize 1–400),
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeAutoScalingGroups.html (MaxRecords ≤ 100),
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html (MaxRecords 20–100),
 * https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_DescribeCacheClusters.html (20–100),
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html (Limit 1–10000).
 * The fakes cap their pages at `defaultPageSize` (5, for tests) and at what the caller asks for;
 * the endpoint sets `defaultPageSize` to these per operation. EC2's DescribeVolumes is given the
 * 1000 the plug-in asks for; `apigateway:GetApis` has no documented maximum: 100 assumed.
 */
export const MAX_PAGE = {
  'tagging:GetResources': 100,
  'dynamodb:ListTables': 100,
  'logs:DescribeLogGroups': 50,
  'sqs:ListQueues': 1000,
  'kinesis:ListStreams': 10000,
  'kms:ListKeys': 1000,
  'kms:ListAliases': 100,
  'secretsmanager:ListSecrets': 100,
  'states:ListStateMachines': 1000,
  'ecs:ListClusters': 100,
  'ecs:DescribeClusters': 100,
  'ecs:ListServices': 100,
  'ecs:DescribeServices': 10,
  'ecr:DescribeRepositories': 1000,
  'sagemaker:ListNotebookInstances': 100,
  'lambda:ListFunctions': 50,
  'efs:DescribeFileSystems': 100,
  'opensearch:DescribeDomains': 5,
  'apigateway:GetRestApis': 500,
  'apigateway:GetApis': 100,
  'ec2:DescribeInstances': 1000,
  'ec2:DescribeVolumes': 1000,
  'ec2:DescribeSecurityGroups': 1000,
  'ec2:DescribeSnapshots': 1000,
  'ec2:DescribeImages': 1000,
  'ec2:DescribeNatGateways': 1000,
  'ec2:DescribeVpcEndpoints': 1000,
  'ec2:DescribeLaunchTemplates': 200,
  's3:ListBuckets': 10000,
  'sns:ListTopics': 100,
  'elasticloadbalancing:DescribeLoadBalancers': 400,
  'elasticloadbalancing:DescribeTargetGroups': 400,
  'autoscaling:DescribeAutoScalingGroups': 100,
  'rds:DescribeDBInstances': 100,
  'rds:DescribeDBClusters': 100,
  'elasticache:DescribeCacheClusters': 100,
} satisfies Record<string, number>;

type PagedOperation = keyof typeof MAX_PAGE;

const pages = (items: number, op: PagedOperation) => Math.max(1, Math.ceil(items / MAX_PAGE[op]));
const batches = (items: number, op: PagedOperation) => Math.ceil(items / MAX_PAGE[op]);

interface Account {
  /** How many resources of a type the fake holds in the region (Aurora members are `rds:db`s too). */
  count(type: string): number;
  readonly fake: FakeAccount;
  readonly region: string;
}

/** One type's unavoidable listing calls, by operation. */
type Listing = (account: Account) => Record<string, number>;

/** Types listed by one paginated call over their own resources, by that call. */
const LISTED_BY: Partial<Record<PagedOperation, string>> = {
  'ec2:DescribeInstances': 'ec2:instance',
  'ec2:DescribeVolumes': 'ec2:volume',
  'ec2:DescribeSecurityGroups': 'ec2:security-group',
  'ec2:DescribeNatGateways': 'ec2:natgateway',
  'ec2:DescribeVpcEndpoints': 'ec2:vpc-endpoint',
  'ec2:DescribeImages': 'ec2:image',
  's3:ListBuckets': 's3:bucket',
  'lambda:ListFunctions': 'lambda:function',
  'sqs:ListQueues': 'sqs:queue',
  'sns:ListTopics': 'sns:topic',
  'dynamodb:ListTables': 'dynamodb:table',
  'logs:DescribeLogGroups': 'logs:log-group',
  'secretsmanager:ListSecrets': 'secretsmanager:secret',
  'sagemaker:ListNotebookInstances': 'sagemaker:notebook-instance',
  'states:ListStateMachines': 'states:stateMachine',
  'apigateway:GetRestApis': 'apigateway:restapis',
  'apigateway:GetApis': 'apigateway:apis',
  'elasticloadbalancing:DescribeLoadBalancers': 'elasticloadbalancing:loadbalancer',
  'elasticloadbalancing:DescribeTargetGroups': 'elasticloadbalancing:targetgroup',
  'autoscaling:DescribeAutoScalingGroups': 'autoscaling:autoScalingGroup',
  'ecr:DescribeRepositories': 'ecr:repository',
  'elasticache:DescribeCacheClusters': 'elasticache:cluster',
  'efs:DescribeFileSystems': 'elasticfilesystem:file-system',
  'kinesis:ListStreams': 'kinesis:stream',
  // Every DB instance is paged over, Aurora members included (the plug-in leaves those out).
  'rds:DescribeDBInstances': 'rds:db',
};

/** The pages of the call that lists `op`'s type. */
function pagesOf(op: PagedOperation, a: Account): Record<string, number> {
  const type = LISTED_BY[op];
  if (!type) throw new Error(`bench/pages.ts: no type is listed by ${op} alone`);
  return { [op]: pages(a.count(type), op) };
}

/** The ECS services in each cluster of the region. */
function servicesPerCluster({ fake, region }: Account): number[] {
  const services = fake.list('ecs:service', region);
  return fake.list('ecs:cluster', region).map((c) => services.filter((s) => s.data.clusterArn === c.arn).length);
}

const aliases = ({ fake, region }: Account) => fake.list('kms:key', region).reduce((n, k) => n + (k.data.aliases?.length ?? 0), 0);

/** Per type, what its listing calls (see each plug-in's `list`). */
const LISTINGS: Readonly<Record<string, Listing>> = {
  ...Object.fromEntries(Object.entries(LISTED_BY).map(([op, type]) => [type, (a: Account) => pagesOf(op as PagedOperation, a)])),
  'ec2:elastic-ip': () => ({ 'ec2:DescribeAddresses': 1 }),
  // The snapshots' pages, and the AMIs' once (which snapshot backs which AMI).
  'ec2:snapshot': (a) => ({
    'ec2:DescribeSnapshots': pages(a.count('ec2:snapshot'), 'ec2:DescribeSnapshots'),
    ...pagesOf('ec2:DescribeImages', a),
  }),
  // The Auto Scaling groups (which templates are in use), then the templates.
  'ec2:launch-template': (a) => ({
    ...pagesOf('autoscaling:DescribeAutoScalingGroups', a),
    'ec2:DescribeLaunchTemplates': pages(a.count('ec2:launch-template'), 'ec2:DescribeLaunchTemplates'),
  }),
  'kms:key': (a) => ({
    'kms:ListKeys': pages(a.count('kms:key'), 'kms:ListKeys'),
    'kms:ListAliases': pages(aliases(a), 'kms:ListAliases'),
  }),
  'ecs:cluster': (a) => ({
    'ecs:ListClusters': pages(a.count('ecs:cluster'), 'ecs:ListClusters'),
    'ecs:DescribeClusters': batches(a.count('ecs:cluster'), 'ecs:DescribeClusters'),
  }),
  // One listing per cluster: ECS has no account-wide service list.
  'ecs:service': (a) => {
    const perCluster = servicesPerCluster(a);
    return {
      'ecs:ListClusters': pages(a.count('ecs:cluster'), 'ecs:ListClusters'),
      'ecs:ListServices': perCluster.reduce((sum, s) => sum + pages(s, 'ecs:ListServices'), 0),
      'ecs:DescribeServices': perCluster.reduce((sum, s) => sum + batches(s, 'ecs:DescribeServices'), 0),
    };
  },
  // The clusters, then (for the cost hint) every DB instance once.
  'rds:cluster': (a) => ({
    'rds:DescribeDBClusters': pages(a.count('rds:cluster'), 'rds:DescribeDBClusters'),
    ...(a.count('rds:cluster') > 0 ? pagesOf('rds:DescribeDBInstances', a) : {}),
  }),
  'es:domain': (a) => ({
    'opensearch:ListDomainNames': 1,
    'opensearch:DescribeDomains': batches(a.count('es:domain'), 'opensearch:DescribeDomains'),
  }),
};

/**
 * The types the bench seeds and runs: those whose unavoidable listing calls this file models (the
 * lower bound needs them). Types added since are served over HTTP too but not benchmarked, and
 * the results say which.
 */
export const BENCH_TYPE_IDS: readonly string[] = SERVED_TYPE_IDS.filter((id) => id in LISTINGS);

/**
 * The unavoidable calls of discovery by operation: every listed type's pages, plus the tagging
 * API's sweep (a page of 100 per 100 once-tagged resources of the types without tags in their list).
 */
export function unavoidableDiscoveryCalls(
  fake: FakeAccount,
  region: string,
  typeIds: readonly string[],
  sweptTypes: readonly string[],
): Record<string, number> {
  const account: Account = { fake, region, count: (type) => fake.list(type, region).length };
  const calls: Record<string, number> = {};
  const add = (op: string, n: number) => {
    calls[op] = (calls[op] ?? 0) + n;
  };
  const swept = [...fake.resources.values()].filter((r) => r.region === region && r.everTagged && sweptTypes.includes(r.type)).length;
  add('tagging:GetResources', pages(swept, 'tagging:GetResources'));
  for (const id of typeIds) {
    const listing = LISTINGS[id];
    if (!listing) throw new Error(`bench/pages.ts does not know how ${id} is listed`);
    for (const [op, n] of Object.entries(listing(account))) add(op, n);
  }
  return Object.fromEntries(Object.entries(calls).sort(([a], [b]) => a.localeCompare(b)));
}
