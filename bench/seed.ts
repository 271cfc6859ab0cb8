/** The benchmark's account: seeding and the unavoidable discovery calls it implies. Shared by the bench and its endpoint worker. */
import { enabledResourceTypes } from '../lambda/resources/registry';
import type { FakeAccount } from '../test/fakes/fake-account';
import { SERVED_TYPE_IDS, SERVED_TYPE_SEEDERS } from '../test/fakes/http/served-types';
import { seedEcsService } from '../test/fakes/services/ecs';

export interface BenchWorkerInput {
  readonly n: number;
  readonly region: string;
  readonly latencyMs: number;
  readonly defaultPerSecond: number;
  readonly pageSizes: Record<string, number>;
}

const LONG_AGO = new Date('2026-01-01T00:00:00Z');

/**
 * Each list API's real maximum page size (or batch size for batched describes), by `service:Operation`
 * as the fakes name services. The fakes cap pages at `defaultPageSize` (5 for tests); the endpoint
 * sets it to these per operation. `apigateway:GetApis` has no documented maximum: 100 assumed.
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
} satisfies Record<string, number>;

const pages = (items: number, max: number) => Math.max(1, Math.ceil(items / max));

/** 40% never tagged, 30% tagged compliant (ManagedBy=terraform), 30% tagged but not compliant. */
function tagsFor(i: number): Record<string, string> | undefined {
  const k = i % 10;
  if (k < 4) return undefined;
  if (k < 7) return { ManagedBy: 'terraform' };
  return { Owner: 'someone', Team: 'data' };
}

function seed(account: FakeAccount, n: number, REGION: string): Map<string, number> {
  const perType = new Map<string, number>();
  for (const [t, id] of SERVED_TYPE_IDS.entries()) {
    perType.set(id, Math.floor(n / SERVED_TYPE_IDS.length) + (t < n % SERVED_TYPE_IDS.length ? 1 : 0));
  }
  for (const [id, count] of perType) {
    if (id === 'ecs:service') {
      // Services sit in one cluster of ten (10 per cluster), as real accounts group them.
      const clusters = account.list('ecs:cluster', REGION);
      const hosts = clusters.slice(0, Math.max(1, Math.ceil(clusters.length / 10)));
      for (let i = 0; i < count; i += 1) {
        seedEcsService(account, {
          cluster: hosts[i % hosts.length],
          region: REGION,
          tags: tagsFor(i),
          createdAt: LONG_AGO,
          desiredCount: 0,
        });
      }
      continue;
    }
    for (let i = 0; i < count; i += 1) SERVED_TYPE_SEEDERS[id]!(account, { region: REGION, createdAt: LONG_AGO, tags: tagsFor(i) });
  }
  return perType;
}

/** The unavoidable sequential calls of discovery, from what is in the account: pages (and batches) at each API's maximum. */
function expectedDiscoveryCalls(account: FakeAccount, typeIds: readonly string[], REGION: string): Record<string, number> {
  const n = (type: string) => account.list(type, REGION).length;
  const fromTaggingApi = enabledResourceTypes(typeIds)
    .filter((t) => !t.tagsFromList)
    .map((t) => t.id);
  const swept = [...account.resources.values()].filter(
    (r) => r.region === REGION && r.everTagged && fromTaggingApi.includes(r.type),
  ).length;
  const clusters = account.list('ecs:cluster', REGION);
  const servicesPerCluster = clusters.map((c) => account.list('ecs:service', REGION).filter((s) => s.data.clusterArn === c.arn).length);
  return {
    'tagging:GetResources': pages(swept, MAX_PAGE['tagging:GetResources']),
    'dynamodb:ListTables': pages(n('dynamodb:table'), MAX_PAGE['dynamodb:ListTables']),
    'logs:DescribeLogGroups': pages(n('logs:log-group'), MAX_PAGE['logs:DescribeLogGroups']),
    'sqs:ListQueues': pages(n('sqs:queue'), MAX_PAGE['sqs:ListQueues']),
    'kinesis:ListStreams': pages(n('kinesis:stream'), MAX_PAGE['kinesis:ListStreams']),
    'kms:ListKeys': pages(n('kms:key'), MAX_PAGE['kms:ListKeys']),
    'kms:ListAliases': 1,
    'secretsmanager:ListSecrets': pages(n('secretsmanager:secret'), MAX_PAGE['secretsmanager:ListSecrets']),
    'states:ListStateMachines': pages(n('states:stateMachine'), MAX_PAGE['states:ListStateMachines']),
    // Both ECS types need the cluster list; counted once as unavoidable.
    'ecs:ListClusters': pages(clusters.length, MAX_PAGE['ecs:ListClusters']),
    'ecs:DescribeClusters': Math.ceil(clusters.length / MAX_PAGE['ecs:DescribeClusters']),
    // One listing per cluster: the API has no account-wide service list.
    'ecs:ListServices': servicesPerCluster.reduce((sum, s) => sum + pages(s, MAX_PAGE['ecs:ListServices']), 0),
    'ecs:DescribeServices': servicesPerCluster.reduce((sum, s) => sum + Math.ceil(s / MAX_PAGE['ecs:DescribeServices']), 0),
    'ecr:DescribeRepositories': pages(n('ecr:repository'), MAX_PAGE['ecr:DescribeRepositories']),
    'sagemaker:ListNotebookInstances': pages(n('sagemaker:notebook-instance'), MAX_PAGE['sagemaker:ListNotebookInstances']),
    'lambda:ListFunctions': pages(n('lambda:function'), MAX_PAGE['lambda:ListFunctions']),
    'efs:DescribeFileSystems': pages(n('elasticfilesystem:file-system'), MAX_PAGE['efs:DescribeFileSystems']),
    'opensearch:ListDomainNames': 1,
    'opensearch:DescribeDomains': Math.ceil(n('es:domain') / MAX_PAGE['opensearch:DescribeDomains']),
    'apigateway:GetRestApis': pages(n('apigateway:restapis'), MAX_PAGE['apigateway:GetRestApis']),
    'apigateway:GetApis': pages(n('apigateway:apis'), MAX_PAGE['apigateway:GetApis']),
  };
}

/** Seeds `n` resources over the served types; returns the count per type and the unavoidable discovery calls. */
export function seedBenchAccount(
  account: FakeAccount,
  n: number,
  region: string,
): { perType: Record<string, number>; expected: Record<string, number> } {
  const perType = seed(account, n, region);
  return { perType: Object.fromEntries(perType), expected: expectedDiscoveryCalls(account, SERVED_TYPE_IDS, region) };
}
