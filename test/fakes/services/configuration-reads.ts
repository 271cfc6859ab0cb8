import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  type LifecycleRule,
  S3Client,
} from '@aws-sdk/client-s3';
import { type FakeAccount, FakeAwsError, fakeService, handle } from '../fake-account';

/** What a bucket's configuration reads answer; absent parts are "not set". */
export interface BucketConfiguration {
  readonly policy?: string;
  readonly rules?: LifecycleRule[];
  readonly versioning?: 'Enabled' | 'Suspended';
}

/** Sets the policy, lifecycle rules and versioning of a seeded bucket. */
export function setBucketConfiguration(account: FakeAccount, bucketName: string, configuration: BucketConfiguration): void {
  const bucket = account.findBy('s3:bucket', 'name', bucketName);
  if (!bucket) throw new Error(`no bucket ${bucketName} to configure`);
  bucket.data.configuration = configuration;
}

/** The three reads a bucket's `describe` makes, answered as S3 does: NoSuch… for a policy or lifecycle that is not set. */
export function installBucketConfigurationReads(account: FakeAccount) {
  const stub = fakeService(S3Client, account);
  const of = (name: string | undefined): BucketConfiguration => {
    const bucket = account.findBy('s3:bucket', 'name', name);
    if (!bucket) throw new FakeAwsError('NoSuchBucket', 'The specified bucket does not exist');
    return (bucket.data.configuration as BucketConfiguration | undefined) ?? {};
  };
  handle(stub, account, 's3', GetBucketPolicyCommand, (input) => {
    const { policy } = of(input.Bucket);
    if (!policy) throw new FakeAwsError('NoSuchBucketPolicy', 'The bucket policy does not exist');
    return { Policy: policy };
  });
  handle(stub, account, 's3', GetBucketLifecycleConfigurationCommand, (input) => {
    const { rules } = of(input.Bucket);
    if (!rules) throw new FakeAwsError('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
    return { Rules: rules };
  });
  handle(stub, account, 's3', GetBucketVersioningCommand, (input) => {
    const { versioning } = of(input.Bucket);
    return versioning ? { Status: versioning } : {};
  });
  return stub;
}

/** GetFunctionConfiguration: a function's configuration as Lambda returns it, environment values included. */
export function installGetFunctionConfiguration(account: FakeAccount) {
  const stub = fakeService(LambdaClient, account);
  handle(stub, account, 'lambda', GetFunctionConfigurationCommand, (input, region) => {
    const fn = account.find(input.FunctionName!) ?? account.findBy('lambda:function', 'functionName', input.FunctionName, region);
    if (!fn || fn.region !== region) throw new FakeAwsError('ResourceNotFoundException', `Function not found: ${input.FunctionName}`);
    return {
      FunctionName: String(fn.data.functionName),
      FunctionArn: fn.arn,
      Runtime: fn.data.runtime as 'nodejs22.x',
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 30,
      Role: `arn:aws:iam::${account.accountId}:role/${String(fn.data.functionName)}-role`,
      Environment: { Variables: { DATABASE_URL: 'postgres://admin:hunter2@db/app', STAGE: 'prod' } },
    };
  });
  return stub;
}
