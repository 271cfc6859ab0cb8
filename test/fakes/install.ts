import { FakeAccount } from './fake-account';
import { installApiGateway } from './services/apigateway';
import { installApiGatewayV2 } from './services/apigatewayv2';
import { installAutoScaling } from './services/autoscaling';
import { installCloudWatchLogs } from './services/cloudwatch-logs';
import { installDynamoDb } from './services/dynamodb';
import { installEc2 } from './services/ec2';
import { installEcr } from './services/ecr';
import { installEcs } from './services/ecs';
import { installEfs } from './services/efs';
import { installElastiCache } from './services/elasticache';
import { installElbv2 } from './services/elbv2';
import { installKinesis } from './services/kinesis';
import { installKms } from './services/kms';
import { installLambda } from './services/lambda';
import { installOpenSearch } from './services/opensearch';
import { installRds } from './services/rds';
import { installS3 } from './services/s3';
import { installSageMaker } from './services/sagemaker';
import { installSecretsManager } from './services/secrets-manager';
import { installStepFunctions } from './services/sfn';
import { installSns } from './services/sns';
import { installSqs } from './services/sqs';
import { installSts } from './services/sts';
import { installTagging } from './services/tagging';

/**
 * Puts every faked service in front of the SDK for `account`. Call the returned function in
 * `afterEach` to restore the real clients.
 */
export function installFakeAws(account: FakeAccount): () => void {
  const stubs = [
    installTagging(account),
    installSecretsManager(account),
    installEc2(account),
    installS3(account),
    installLambda(account),
    installSqs(account),
    installSns(account),
    installDynamoDb(account),
    installCloudWatchLogs(account),
    installKms(account),
    installSageMaker(account),
    installStepFunctions(account),
    installApiGateway(account),
    installApiGatewayV2(account),
    installElbv2(account),
    installAutoScaling(account),
    installEcs(account),
    installEcr(account),
    installRds(account),
    installElastiCache(account),
    installOpenSearch(account),
    installEfs(account),
    installKinesis(account),
    installSts(account),
  ];
  return () => stubs.forEach((s) => s.restore());
}
