import type { FakeAccount, FakeResource } from '../fake-account';
import { seedRestApi } from '../services/apigateway';
import { seedHttpApi } from '../services/apigatewayv2';
import { seedLogGroup } from '../services/cloudwatch-logs';
import { seedTable } from '../services/dynamodb';
import { seedEcrRepository } from '../services/ecr';
import { seedEcsCluster, seedEcsService } from '../services/ecs';
import { seedFileSystem } from '../services/efs';
import { seedStream } from '../services/kinesis';
import { seedKmsKey } from '../services/kms';
import { seedFunction } from '../services/lambda';
import { seedDomain } from '../services/opensearch';
import { seedNotebookInstance } from '../services/sagemaker';
import { seedSecret } from '../services/secrets-manager';
import { seedStateMachine } from '../services/sfn';
import { seedQueue } from '../services/sqs';

/**
 * The registry types whose services the loopback endpoint serves (awsJson and restJson1), with a
 * seeder each. EC2, S3, SNS, RDS, ELBv2, Auto Scaling and ElastiCache (query/XML protocols) are not
 * served, so their types are absent here.
 */

export interface SeedOptions {
  readonly region: string;
  readonly tags?: Record<string, string>;
  readonly createdAt: Date;
}

type Seeder = (account: FakeAccount, options: SeedOptions) => FakeResource;

/** An ECS service needs a cluster: it joins the region's existing clusters in turn (a new one only when none exists). */
function seedServiceInExistingCluster(account: FakeAccount, o: SeedOptions): FakeResource {
  const clusters = account.list('ecs:cluster', o.region);
  const cluster = clusters.length > 0 ? clusters[account.list('ecs:service', o.region).length % clusters.length] : undefined;
  return seedEcsService(account, { cluster, region: o.region, tags: o.tags, createdAt: o.createdAt, desiredCount: 0 });
}

export const SERVED_TYPE_SEEDERS: Readonly<Record<string, Seeder>> = {
  'dynamodb:table': (a, o) => seedTable(a, o),
  'logs:log-group': (a, o) => seedLogGroup(a, o),
  'sqs:queue': (a, o) => seedQueue(a, o),
  'kinesis:stream': (a, o) => seedStream(a, o),
  'kms:key': (a, o) => seedKmsKey(a, o),
  'secretsmanager:secret': (a, o) => seedSecret(a, o),
  'states:stateMachine': (a, o) => seedStateMachine(a, o),
  'ecs:cluster': (a, o) => seedEcsCluster(a, { region: o.region, tags: o.tags }),
  'ecs:service': seedServiceInExistingCluster,
  'ecr:repository': (a, o) => seedEcrRepository(a, o),
  'sagemaker:notebook-instance': (a, o) => seedNotebookInstance(a, o),
  'lambda:function': (a, o) => seedFunction(a, o),
  'elasticfilesystem:file-system': (a, o) => seedFileSystem(a, o),
  'es:domain': (a, o) => seedDomain(a, { region: o.region, tags: o.tags }),
  'apigateway:restapis': (a, o) => seedRestApi(a, o),
  'apigateway:apis': (a, o) => seedHttpApi(a, o),
};

export const SERVED_TYPE_IDS: readonly string[] = Object.keys(SERVED_TYPE_SEEDERS);
