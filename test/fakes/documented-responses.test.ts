import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { GetBucketTaggingCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, ListQueuesCommand, ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeAccount } from './fake-account';
import { installFakeAws } from './install';
import { seedInstance } from './services/ec2';
import { seedBucket } from './services/s3';
import { queueUrlOf, seedQueue } from './services/sqs';

/**
 * The fakes answer in the shape AWS documents: for each response example in `fixtures/` (copied
 * from AWS's documentation, cited in the fixture's `source`), the fake's answer for an equivalent
 * seeded resource has the same key paths with the same JSON types. Values are not compared. Key
 * paths the example shows but the fake does not model, and paths the fake returns that this
 * example happens not to show, are listed per fixture, so either kind of drift fails here.
 */

const REGION = 'eu-west-1';

interface Fixture {
  source: string;
  operation: string;
  response: unknown;
}

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as Fixture;
}

/** JSON type of a value; AWS examples write timestamps as ISO 8601 strings, the SDK returns Dates. */
function typeOf(value: unknown): string {
  if (value instanceof Date) return 'timestamp';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value)) return 'timestamp';
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

/** Every key path of a value with its type, e.g. `Reservations[].Instances[].State.Code` → number. */
function shape(value: unknown, path = '', into = new Map<string, string>()): Map<string, string> {
  if (value === undefined) return into;
  if (path !== '') into.set(path, typeOf(value));
  if (Array.isArray(value)) {
    for (const item of value) shape(item, `${path}[]`, into);
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$metadata') continue;
      shape(child, path === '' ? key : `${path}.${key}`, into);
    }
  }
  return into;
}

interface Comparison {
  /** Paths in both whose types differ, as `path: fake type ≠ documented type`. */
  mismatched: string[];
  /** Paths the documented example has and the fake's answer lacks. */
  notModelled: string[];
  /** Paths the fake's answer has and the documented example does not show. */
  notInExample: string[];
}

function compare(fake: unknown, documented: unknown): Comparison {
  const ours = shape(fake);
  const theirs = shape(documented);
  const mismatched: string[] = [];
  for (const [path, type] of ours) {
    const documentedType = theirs.get(path);
    if (documentedType !== undefined && documentedType !== type) mismatched.push(`${path}: ${type} ≠ ${documentedType}`);
  }
  return {
    mismatched,
    notModelled: [...theirs.keys()].filter((p) => !ours.has(p)).sort(),
    notInExample: [...ours.keys()].filter((p) => !theirs.has(p)).sort(),
  };
}

describe('the shape comparison', () => {
  it('reports type mismatches, documented keys the fake lacks and keys the example does not show', () => {
    const fake = { Items: [{ Id: 1, When: new Date(0), Extra: true }] };
    const documented = { Items: [{ Id: 'i-1', When: '2020-01-01T00:00:00.000Z', Name: 'x' }] };
    expect(compare(fake, documented)).toEqual({
      mismatched: ['Items[].Id: number ≠ string'],
      notModelled: ['Items[].Name'],
      notInExample: ['Items[].Extra'],
    });
  });
});

describe('fakes answer in the shape of AWS-documented responses', () => {
  let account: FakeAccount;
  let restore: () => void;

  beforeEach(() => {
    vi.stubEnv('AWS_REGION', REGION);
    account = new FakeAccount();
    restore = installFakeAws(account);
  });
  afterEach(() => {
    restore();
    vi.unstubAllEnvs();
  });

  it('EC2 DescribeInstances', async () => {
    const doc = fixture('ec2-describe-instances.json');
    const instance = seedInstance(account, { region: REGION, state: 'running', instanceType: 't3.nano', tags: { Name: 'my-instance' } });
    const answer = await new EC2Client({}).send(new DescribeInstancesCommand({ InstanceIds: [instance.data.instanceId] }));
    const result = compare(answer, doc.response);
    expect(result.mismatched).toEqual([]);
    expect(result.notInExample).toEqual([]);
    expect(result.notModelled).toEqual(EC2_NOT_MODELLED);
  });

  it('S3 ListBuckets', async () => {
    const doc = fixture('s3-list-buckets.json');
    seedBucket(account, { region: REGION, name: 'examplebucket' });
    const answer = await new S3Client({}).send(new ListBucketsCommand({}));
    const result = compare(answer, doc.response);
    expect(result.mismatched).toEqual([]);
    // Newer members than the example (2024's regional listing); DisplayName AWS stopped returning in 2025.
    expect(result.notInExample).toEqual(['Buckets[].BucketArn', 'Buckets[].BucketRegion']);
    expect(result.notModelled).toEqual(['Owner.DisplayName']);
  });

  it('SQS GetQueueAttributes (All)', async () => {
    const doc = fixture('sqs-get-queue-attributes.json');
    seedQueue(account, { region: REGION, name: 'MyNewQueue' });
    const answer = await new SQSClient({}).send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrlOf(account, REGION, 'MyNewQueue'), AttributeNames: ['All'] }),
    );
    const result = compare(answer, doc.response);
    expect(result.mismatched).toEqual([]);
    expect(result.notInExample).toEqual([]);
    expect(result.notModelled).toEqual(SQS_NOT_MODELLED);
  });

  it('Resource Groups Tagging GetResources', async () => {
    const doc = fixture('tagging-get-resources.json');
    seedQueue(account, { region: REGION, tags: { Environment: 'Production' } });
    const answer = await new ResourceGroupsTaggingAPIClient({}).send(
      new GetResourcesCommand({ TagFilters: [{ Key: 'Environment', Values: ['Production'] }], TagsPerPage: 100 }),
    );
    const result = compare(answer, doc.response);
    expect(result.mismatched).toEqual([]);
    // The fake always answers a PaginationToken ('' on the last page), as the live API does.
    expect(result.notInExample).toEqual(['PaginationToken']);
    expect(result.notModelled).toEqual([]);
  });

  it('SQS ListQueues', async () => {
    const doc = fixture('sqs-list-queues.json');
    seedQueue(account, { region: REGION, name: 'MyQueue' });
    const answer = await new SQSClient({}).send(new ListQueuesCommand({}));
    expect(compare(answer, doc.response)).toEqual({ mismatched: [], notModelled: [], notInExample: [] });
  });

  it('SQS ListQueueTags', async () => {
    const doc = fixture('sqs-list-queue-tags.json');
    seedQueue(account, { region: REGION, name: 'MyQueue', tags: { Team: 'Alpha' } });
    const answer = await new SQSClient({}).send(new ListQueueTagsCommand({ QueueUrl: queueUrlOf(account, REGION, 'MyQueue') }));
    expect(compare(answer, doc.response)).toEqual({ mismatched: [], notModelled: [], notInExample: [] });
  });

  it('S3 GetBucketTagging', async () => {
    const doc = fixture('s3-get-bucket-tagging.json');
    seedBucket(account, { region: REGION, name: 'amzn-s3-demo-bucket', tags: { organization: 'marketing' } });
    const answer = await new S3Client({}).send(new GetBucketTaggingCommand({ Bucket: 'amzn-s3-demo-bucket' }));
    expect(compare(answer, doc.response)).toEqual({ mismatched: [], notModelled: [], notInExample: [] });
  });

  it('Resource Groups Tagging TagResources', async () => {
    const doc = fixture('tagging-tag-resources.json');
    const queue = seedQueue(account, { region: REGION });
    const answer = await new ResourceGroupsTaggingAPIClient({}).send(
      new TagResourcesCommand({ ResourceARNList: [queue.arn], Tags: { Environment: 'Production', CostCenter: '1234' } }),
    );
    expect(compare(answer, doc.response)).toEqual({ mismatched: [], notModelled: [], notInExample: [] });
  });
});

/**
 * What the documented instance has and the fake leaves out: networking, launch and metadata details
 * the janitor never reads. Adding one to the fake removes it here.
 */
const EC2_NOT_MODELLED = [
  'Reservations[].Groups',
  ...[
    'AmiLaunchIndex',
    'Architecture',
    'BlockDeviceMappings',
    'BlockDeviceMappings[]',
    'BlockDeviceMappings[].DeviceName',
    'BlockDeviceMappings[].Ebs',
    'BlockDeviceMappings[].Ebs.AttachTime',
    'BlockDeviceMappings[].Ebs.DeleteOnTermination',
    'BlockDeviceMappings[].Ebs.Status',
    'BlockDeviceMappings[].Ebs.VolumeId',
    'CapacityReservationSpecification',
    'CapacityReservationSpecification.CapacityReservationPreference',
    'ClientToken',
    'CpuOptions',
    'CpuOptions.CoreCount',
    'CpuOptions.ThreadsPerCore',
    'EbsOptimized',
    'EnaSupport',
    'EnclaveOptions',
    'EnclaveOptions.Enabled',
    'HibernationOptions',
    'HibernationOptions.Configured',
    'Hypervisor',
    'IamInstanceProfile',
    'IamInstanceProfile.Arn',
    'IamInstanceProfile.Id',
    'ImageId',
    'KeyName',
    'MaintenanceOptions',
    'MaintenanceOptions.AutoRecovery',
    'MetadataOptions',
    'MetadataOptions.HttpEndpoint',
    'MetadataOptions.HttpProtocolIpv6',
    'MetadataOptions.HttpPutResponseHopLimit',
    'MetadataOptions.HttpTokens',
    'MetadataOptions.InstanceMetadataTags',
    'MetadataOptions.State',
    'Monitoring',
    'Monitoring.State',
    'NetworkInterfaces',
    'NetworkInterfaces[]',
    'NetworkInterfaces[].Association',
    'NetworkInterfaces[].Association.IpOwnerId',
    'NetworkInterfaces[].Association.PublicDnsName',
    'NetworkInterfaces[].Association.PublicIp',
    'NetworkInterfaces[].Attachment',
    'NetworkInterfaces[].Attachment.AttachTime',
    'NetworkInterfaces[].Attachment.AttachmentId',
    'NetworkInterfaces[].Attachment.DeleteOnTermination',
    'NetworkInterfaces[].Attachment.DeviceIndex',
    'NetworkInterfaces[].Attachment.NetworkCardIndex',
    'NetworkInterfaces[].Attachment.Status',
    'NetworkInterfaces[].Description',
    'NetworkInterfaces[].Groups',
    'NetworkInterfaces[].Groups[]',
    'NetworkInterfaces[].Groups[].GroupId',
    'NetworkInterfaces[].Groups[].GroupName',
    'NetworkInterfaces[].InterfaceType',
    'NetworkInterfaces[].Ipv6Addresses',
    'NetworkInterfaces[].MacAddress',
    'NetworkInterfaces[].NetworkInterfaceId',
    'NetworkInterfaces[].OwnerId',
    'NetworkInterfaces[].PrivateDnsName',
    'NetworkInterfaces[].PrivateIpAddress',
    'NetworkInterfaces[].PrivateIpAddresses',
    'NetworkInterfaces[].PrivateIpAddresses[]',
    'NetworkInterfaces[].PrivateIpAddresses[].Association',
    'NetworkInterfaces[].PrivateIpAddresses[].Association.IpOwnerId',
    'NetworkInterfaces[].PrivateIpAddresses[].Association.PublicDnsName',
    'NetworkInterfaces[].PrivateIpAddresses[].Association.PublicIp',
    'NetworkInterfaces[].PrivateIpAddresses[].Primary',
    'NetworkInterfaces[].PrivateIpAddresses[].PrivateDnsName',
    'NetworkInterfaces[].PrivateIpAddresses[].PrivateIpAddress',
    'NetworkInterfaces[].SourceDestCheck',
    'NetworkInterfaces[].Status',
    'NetworkInterfaces[].SubnetId',
    'NetworkInterfaces[].VpcId',
    'Placement.GroupName',
    'Placement.Tenancy',
    'PlatformDetails',
    'PrivateDnsName',
    'PrivateDnsNameOptions',
    'PrivateDnsNameOptions.EnableResourceNameDnsAAAARecord',
    'PrivateDnsNameOptions.EnableResourceNameDnsARecord',
    'PrivateDnsNameOptions.HostnameType',
    'PrivateIpAddress',
    'ProductCodes',
    'PublicDnsName',
    'PublicIpAddress',
    'RootDeviceName',
    'RootDeviceType',
    'SecurityGroups[]',
    'SecurityGroups[].GroupId',
    'SecurityGroups[].GroupName',
    'SourceDestCheck',
    'StateTransitionReason',
    'SubnetId',
    'UsageOperation',
    'UsageOperationUpdateTime',
    'VirtualizationType',
    'VpcId',
  ].map((p) => `Reservations[].Instances[].${p}`),
].sort();
/** Only present when a dead-letter queue is configured, which the fake does not model. */
const SQS_NOT_MODELLED = ['Attributes.RedrivePolicy'];
