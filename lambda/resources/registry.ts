import { ami } from './ami';
import { aossCollection } from './aoss-collection';
import { auroraCluster } from './aurora-cluster';
import { autoScalingGroup } from './auto-scaling-group';
import { capacityReservation } from './capacity-reservation';
import { classicLoadBalancer } from './classic-load-balancer';
import { clientVpnEndpoint } from './client-vpn-endpoint';
import { dedicatedHost } from './dedicated-host';
import { dmsReplicationInstance } from './dms-replication-instance';
import { docdbCluster } from './docdb-cluster';
import { dynamodbTable } from './dynamodb-table';
import { ebsSnapshot } from './ebs-snapshot';
import { ebsVolume } from './ebs-volume';
import { ec2Fleet } from './ec2-fleet';
import { ec2Instance } from './ec2-instance';
import { ecrRepository } from './ecr-repository';
import { ecsCluster } from './ecs-cluster';
import { ecsService } from './ecs-service';
import { efsFileSystem } from './efs-file-system';
import { eksCluster } from './eks-cluster';
import { eksFargateProfile } from './eks-fargate-profile';
import { eksNodegroup } from './eks-nodegroup';
import { elasticIp } from './elastic-ip';
import { elasticacheCluster } from './elasticache-cluster';
import { elasticacheReplicationGroup } from './elasticache-replication-group';
import { elasticacheServerlessCache } from './elasticache-serverless-cache';
import { elasticbeanstalkEnvironment } from './elasticbeanstalk-environment';
import { emrCluster } from './emr-cluster';
import { fsxFileSystem } from './fsx-file-system';
import { httpApi } from './http-api';
import { kinesisStream } from './kinesis-stream';
import { kmsKey } from './kms-key';
import { lambdaFunction } from './lambda-function';
import { launchTemplate } from './launch-template';
import { loadBalancer } from './load-balancer';
import { logGroup } from './log-group';
import { memorydbCluster } from './memorydb-cluster';
import { mqBroker } from './mq-broker';
import { mskCluster } from './msk-cluster';
import { mwaaEnvironment } from './mwaa-environment';
import { natGateway } from './nat-gateway';
import { neptuneCluster } from './neptune-cluster';
import { networkFirewall } from './network-firewall';
import { openSearchDomain } from './opensearch-domain';
import { rdsClusterSnapshot } from './rds-cluster-snapshot';
import { rdsInstance } from './rds-instance';
import { rdsSnapshot } from './rds-snapshot';
import { redshiftCluster } from './redshift-cluster';
import { redshiftServerlessNamespace } from './redshift-serverless-namespace';
import { redshiftServerlessWorkgroup } from './redshift-serverless-workgroup';
import type { ResourceType } from './resource-type';
import { restApi } from './rest-api';
import { route53ResolverEndpoint } from './route53resolver-endpoint';
import { s3Bucket } from './s3-bucket';
import { sagemakerApp } from './sagemaker-app';
import { sagemakerEndpoint } from './sagemaker-endpoint';
import { sagemakerEndpointConfig } from './sagemaker-endpoint-config';
import { sagemakerModel } from './sagemaker-model';
import { sagemakerNotebook } from './sagemaker-notebook';
import { secret } from './secret';
import { securityGroup } from './security-group';
import { snsTopic } from './sns-topic';
import { spotFleetRequest } from './spot-fleet-request';
import { sqsQueue } from './sqs-queue';
import { stateMachine } from './state-machine';
import { targetGroup } from './target-group';
import { transferServer } from './transfer-server';
import { transitGateway } from './transit-gateway';
import { transitGatewayAttachment } from './transit-gateway-attachment';
import { vpcEndpoint } from './vpc-endpoint';
import { vpnConnection } from './vpn-connection';

/** Every supported type. Adding a type: write its file, add it here. Nothing else changes. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  ec2Instance,
  ebsVolume,
  elasticIp,
  securityGroup,
  s3Bucket,
  lambdaFunction,
  sqsQueue,
  snsTopic,
  dynamodbTable,
  logGroup,
  ebsSnapshot,
  ami,
  natGateway,
  vpcEndpoint,
  launchTemplate,
  secret,
  kmsKey,
  sagemakerNotebook,
  sagemakerApp,
  sagemakerEndpoint,
  sagemakerEndpointConfig,
  sagemakerModel,
  stateMachine,
  restApi,
  httpApi,
  loadBalancer,
  targetGroup,
  autoScalingGroup,
  ecsCluster,
  ecsService,
  eksCluster,
  eksNodegroup,
  eksFargateProfile,
  ecrRepository,
  rdsInstance,
  auroraCluster,
  elasticacheCluster,
  emrCluster,
  openSearchDomain,
  efsFileSystem,
  kinesisStream,
  redshiftCluster,
  redshiftServerlessWorkgroup,
  redshiftServerlessNamespace,
  mskCluster,
  dedicatedHost,
  transitGateway,
  transitGatewayAttachment,
  fsxFileSystem,
  capacityReservation,
  clientVpnEndpoint,
  vpnConnection,
  docdbCluster,
  neptuneCluster,
  spotFleetRequest,
  ec2Fleet,
  aossCollection,
  rdsSnapshot,
  rdsClusterSnapshot,
  classicLoadBalancer,
  mqBroker,
  elasticacheReplicationGroup,
  elasticacheServerlessCache,
  route53ResolverEndpoint,
  elasticbeanstalkEnvironment,
  memorydbCluster,
  networkFirewall,
  transferServer,
  dmsReplicationInstance,
  mwaaEnvironment,
];

export const RESOURCE_TYPE_IDS: readonly string[] = RESOURCE_TYPES.map((t) => t.id);

export function resourceType(id: string): ResourceType {
  const type = RESOURCE_TYPES.find((t) => t.id === id);
  if (!type) throw new Error(`Unknown resource type "${id}"`);
  return type;
}

export function enabledResourceTypes(ids: readonly string[]): ResourceType[] {
  return ids.map(resourceType);
}
