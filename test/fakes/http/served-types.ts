import type { FakeAccount, FakeResource } from '../fake-account';
import { seedCollection } from '../services/aoss';
import { seedRestApi } from '../services/apigateway';
import { seedHttpApi } from '../services/apigatewayv2';
import { seedAutoScalingGroup } from '../services/autoscaling';
import { seedLogGroup } from '../services/cloudwatch-logs';
import { seedReplicationInstance } from '../services/dms';
import { seedDocDbCluster } from '../services/docdb';
import { seedTable } from '../services/dynamodb';
import {
  seedAddress,
  seedCapacityReservation,
  seedClientVpnEndpoint,
  seedDedicatedHost,
  seedFleet,
  seedImage,
  seedInstance,
  seedLaunchTemplate,
  seedNatGateway,
  seedSecurityGroup,
  seedSnapshot,
  seedSpotFleetRequest,
  seedTransitGateway,
  seedTransitGatewayAttachment,
  seedVolume,
  seedVpcEndpoint,
  seedVpnConnection,
} from '../services/ec2';
import { seedEcrRepository } from '../services/ecr';
import { seedEcsCluster, seedEcsService } from '../services/ecs';
import { seedFileSystem } from '../services/efs';
import { seedEksCluster, seedFargateProfile, seedNodegroup } from '../services/eks';
import { seedEnvironment } from '../services/elastic-beanstalk';
import { seedCacheCluster, seedReplicationGroup, seedServerlessCache } from '../services/elasticache';
import { seedClassicLoadBalancer } from '../services/elb';
import { seedLoadBalancer, seedTargetGroup } from '../services/elbv2';
import { seedEmrCluster } from '../services/emr';
import { seedFsxFileSystem } from '../services/fsx';
import { seedMskCluster } from '../services/kafka';
import { seedStream } from '../services/kinesis';
import { seedKmsKey } from '../services/kms';
import { seedFunction } from '../services/lambda';
import { seedMemoryDbCluster } from '../services/memorydb';
import { seedBroker } from '../services/mq';
import { seedMwaaEnvironment } from '../services/mwaa';
import { seedNeptuneCluster } from '../services/neptune';
import { seedFirewall } from '../services/network-firewall';
import { seedDomain } from '../services/opensearch';
import { seedAuroraCluster, seedDbClusterSnapshot, seedDbInstance, seedDbSnapshot } from '../services/rds';
import { seedRedshiftCluster } from '../services/redshift';
import { seedServerlessNamespace, seedServerlessWorkgroup } from '../services/redshift-serverless';
import { seedResolverEndpoint } from '../services/route53resolver';
import { seedBucket } from '../services/s3';
import { seedApp, seedEndpoint, seedEndpointConfig, seedModel, seedNotebookInstance } from '../services/sagemaker';
import { seedSecret } from '../services/secrets-manager';
import { seedStateMachine } from '../services/sfn';
import { seedTopic } from '../services/sns';
import { seedQueue } from '../services/sqs';
import { seedTransferServer } from '../services/transfer';

/**
 * Every registry type, with a seeder each: the loopback endpoint serves every protocol their
 * services speak (awsJson, restJson1, awsQuery, ec2Query, restXml), so each can be listed, marked
 * and deleted over HTTP (`every-type-over-http.test.ts`) and benchmarked. A type added to the
 * registry needs its seeder here (`registry-completeness.test.ts` checks).
 *
 * Each seeder makes one resource of its type, created at `createdAt` where the fake keeps a
 * creation time. Some also make what the resource cannot exist without: an AMI its root snapshot
 * (an `ec2:snapshot`), a public NAT gateway its Elastic IP (an `ec2:elastic-ip`), an Aurora cluster
 * its member instance (an `rds:db` the instance type does not list), an ECS service a cluster when
 * the region has none.
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
  'ec2:instance': (a, o) => seedInstance(a, { region: o.region, tags: o.tags, launchTime: o.createdAt }),
  'ec2:volume': (a, o) => seedVolume(a, { region: o.region, tags: o.tags, createTime: o.createdAt }),
  'ec2:elastic-ip': (a, o) => seedAddress(a, { region: o.region, tags: o.tags }),
  'ec2:security-group': (a, o) => seedSecurityGroup(a, { region: o.region, tags: o.tags }),
  'ec2:snapshot': (a, o) => seedSnapshot(a, { region: o.region, tags: o.tags, startTime: o.createdAt }),
  'ec2:image': (a, o) => seedImage(a, { region: o.region, tags: o.tags, creationDate: o.createdAt }),
  'ec2:natgateway': (a, o) => seedNatGateway(a, { region: o.region, tags: o.tags, createTime: o.createdAt }),
  'ec2:vpc-endpoint': (a, o) => seedVpcEndpoint(a, { region: o.region, tags: o.tags, creationTimestamp: o.createdAt }),
  'ec2:launch-template': (a, o) => seedLaunchTemplate(a, { region: o.region, tags: o.tags, createTime: o.createdAt }),
  's3:bucket': (a, o) => seedBucket(a, o),
  'sns:topic': (a, o) => seedTopic(a, o),
  'elasticloadbalancing:loadbalancer': (a, o) => seedLoadBalancer(a, o),
  'elasticloadbalancing:targetgroup': (a, o) => seedTargetGroup(a, { region: o.region, tags: o.tags }),
  'autoscaling:autoScalingGroup': (a, o) => seedAutoScalingGroup(a, o),
  'rds:db': (a, o) => seedDbInstance(a, o),
  'rds:cluster': (a, o) => seedAuroraCluster(a, o),
  'rds:snapshot': (a, o) => seedDbSnapshot(a, o),
  'rds:cluster-snapshot': (a, o) => seedDbClusterSnapshot(a, o),
  'elasticache:cluster': (a, o) => seedCacheCluster(a, o),
  'elasticache:replicationgroup': (a, o) => seedReplicationGroup(a, o),
  'elasticache:serverlesscache': (a, o) => seedServerlessCache(a, o),
  'route53resolver:resolver-endpoint': (a, o) => seedResolverEndpoint(a, o),
  'elasticbeanstalk:environment': (a, o) => seedEnvironment(a, o),
  'memorydb:cluster': (a, o) => seedMemoryDbCluster(a, o),
  'network-firewall:firewall': (a, o) => seedFirewall(a, o),
  'transfer:server': (a, o) => seedTransferServer(a, o),
  'dms:rep': (a, o) => seedReplicationInstance(a, o),
  'airflow:environment': (a, o) => seedMwaaEnvironment(a, o),
  'redshift:cluster': (a, o) => seedRedshiftCluster(a, o),
  'redshift-serverless:workgroup': (a, o) => seedServerlessWorkgroup(a, o),
  'redshift-serverless:namespace': (a, o) => seedServerlessNamespace(a, o),
  'kafka:cluster': (a, o) => seedMskCluster(a, o),
  'sagemaker:endpoint': (a, o) => seedEndpoint(a, o),
  'sagemaker:endpoint-config': (a, o) => seedEndpointConfig(a, o),
  'sagemaker:model': (a, o) => seedModel(a, o),
  'ec2:dedicated-host': (a, o) => seedDedicatedHost(a, { region: o.region, tags: o.tags, allocationTime: o.createdAt }),
  'ec2:transit-gateway': (a, o) => seedTransitGateway(a, { region: o.region, tags: o.tags, creationTime: o.createdAt }),
  'ec2:transit-gateway-attachment': (a, o) =>
    seedTransitGatewayAttachment(a, { region: o.region, tags: o.tags, creationTime: o.createdAt }),
  'fsx:file-system': (a, o) => seedFsxFileSystem(a, o),
  'eks:cluster': (a, o) => seedEksCluster(a, o),
  'eks:nodegroup': (a, o) => seedNodegroup(a, { ...o, cluster: a.list('eks:cluster', o.region)[0] }),
  'eks:fargateprofile': (a, o) => seedFargateProfile(a, { ...o, cluster: a.list('eks:cluster', o.region)[0] }),
  'ec2:capacity-reservation': (a, o) => seedCapacityReservation(a, { region: o.region, tags: o.tags, createDate: o.createdAt }),
  'ec2:client-vpn-endpoint': (a, o) => seedClientVpnEndpoint(a, { region: o.region, tags: o.tags, creationTime: o.createdAt }),
  'ec2:vpn-connection': (a, o) => seedVpnConnection(a, { region: o.region, tags: o.tags }),
  'docdb:cluster': (a, o) => seedDocDbCluster(a, o),
  'neptune:cluster': (a, o) => seedNeptuneCluster(a, o),
  'elasticmapreduce:cluster': (a, o) => seedEmrCluster(a, o),
  'sagemaker:app': (a, o) => seedApp(a, o),
  'ec2:spot-fleet-request': (a, o) => seedSpotFleetRequest(a, { region: o.region, tags: o.tags, createTime: o.createdAt }),
  'ec2:fleet': (a, o) => seedFleet(a, { region: o.region, tags: o.tags, createTime: o.createdAt }),
  'aoss:collection': (a, o) => seedCollection(a, o),
  'elasticloadbalancing:classic-loadbalancer': (a, o) => seedClassicLoadBalancer(a, o),
  'mq:broker': (a, o) => seedBroker(a, o),
};

export const SERVED_TYPE_IDS: readonly string[] = Object.keys(SERVED_TYPE_SEEDERS);
