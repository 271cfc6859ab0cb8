import { type FakeAccount, type FakeService, mockFakeServices } from './fake-account';
import { installAoss } from './services/aoss';
import { installApiGateway } from './services/apigateway';
import { installApiGatewayV2 } from './services/apigatewayv2';
import { installAutoScaling } from './services/autoscaling';
import { installCloudFormation } from './services/cloudformation';
import { installCloudTrail } from './services/cloudtrail';
import { installCloudWatchLogs } from './services/cloudwatch-logs';
import { installBucketConfigurationReads, installGetFunctionConfiguration } from './services/configuration-reads';
import { installDms } from './services/dms';
import { installDocDb } from './services/docdb';
import { installDynamoDb } from './services/dynamodb';
import { installDynamoDbItems } from './services/dynamodb-items';
import { installEc2 } from './services/ec2';
import { installEcr } from './services/ecr';
import { installEcs } from './services/ecs';
import { installEfs } from './services/efs';
import { installEks } from './services/eks';
import { installElasticBeanstalk } from './services/elastic-beanstalk';
import { installElastiCache } from './services/elasticache';
import { installElb } from './services/elb';
import { installElbv2 } from './services/elbv2';
import { installEmr } from './services/emr';
import { installFsx } from './services/fsx';
import { installKafka } from './services/kafka';
import { installKinesis } from './services/kinesis';
import { installKms } from './services/kms';
import { installLambda } from './services/lambda';
import { installMemoryDb } from './services/memorydb';
import { installMq } from './services/mq';
import { installMwaa } from './services/mwaa';
import { installNeptune } from './services/neptune';
import { installFirewallRouteTables, installNetworkFirewall } from './services/network-firewall';
import { installOpenSearch } from './services/opensearch';
import { installAccountManagement, installOrganizations } from './services/organizations';
import { installRds } from './services/rds';
import { installRedshift } from './services/redshift';
import { installRedshiftServerless } from './services/redshift-serverless';
import { installResourceExplorer } from './services/resource-explorer';
import { installRoute53Resolver } from './services/route53resolver';
import { installS3 } from './services/s3';
import { installSageMaker } from './services/sagemaker';
import { installSecretsManager } from './services/secrets-manager';
import { installStepFunctions } from './services/sfn';
import { installSns } from './services/sns';
import { installSqs } from './services/sqs';
import { installSts } from './services/sts';
import { installTagging } from './services/tagging';
import { installTransfer } from './services/transfer';

const INSTALLERS: readonly ((account: FakeAccount) => FakeService)[] = [
  installTagging,
  installEmr,
  installEks,
  installSecretsManager,
  installEc2,
  installS3,
  installLambda,
  installSqs,
  installSns,
  installDynamoDb,
  installCloudWatchLogs,
  installKms,
  installSageMaker,
  installStepFunctions,
  installApiGateway,
  installApiGatewayV2,
  installElbv2,
  installAutoScaling,
  installEcs,
  installEcr,
  installRds,
  installElastiCache,
  installOpenSearch,
  installEfs,
  installKinesis,
  installSts,
  installOrganizations,
  installAccountManagement,
  installDynamoDbItems,
  installCloudTrail,
  installCloudFormation,
  installBucketConfigurationReads,
  installGetFunctionConfiguration,
  installRedshift,
  installRedshiftServerless,
  installKafka,
  installFsx,
  installDocDb,
  installNeptune,
  installAoss,
  installElb,
  installMq,
  installResourceExplorer,
  installRoute53Resolver,
  installElasticBeanstalk,
  installMemoryDb,
  installNetworkFirewall,
  installFirewallRouteTables,
  installTransfer,
  installDms,
  installMwaa,
];

/** Every faked service of one account, not yet in front of the SDK (the HTTP endpoint serves these). */
export function fakeServicesOf(account: FakeAccount): FakeService[] {
  return INSTALLERS.map((install) => install(account));
}

/**
 * Puts every faked service in front of the SDK for `account` and, for multi-account tests, the
 * `others` (reached through STS AssumeRole). Call the returned function in `afterEach` to
 * restore the real clients.
 */
export function installFakeAws(account: FakeAccount, ...others: FakeAccount[]): () => void {
  const world = [account, ...others];
  for (const a of world) a.peers = world;
  return mockFakeServices(world.flatMap(fakeServicesOf));
}
