import { ResourceGroupsTaggingAPIClient, paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../lambda/aws/clients';
import type { Resource } from '../../lambda/core/model';
import { logGroup } from '../../lambda/resources/log-group';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installCloudWatchLogs, seedLogGroup } from '../fakes/services/cloudwatch-logs';
import { installTagging } from '../fakes/services/tagging';

const REGION = 'eu-west-1';
const SERVICE_REASON = "created by an AWS service for another resource's logs; it follows that resource";

let account: FakeAccount;
let clients: AwsClients;
let restore: () => void;

beforeEach(() => {
  account = new FakeAccount();
  const stubs = [installTagging(account), installCloudWatchLogs(account)];
  restore = () => stubs.forEach((stub) => stub.restore());
  clients = new AwsClients({ accountId: account.accountId, region: REGION });
});

afterEach(() => restore());

async function listAll(): Promise<Resource[]> {
  const resources: Resource[] = [];
  for await (const resource of logGroup.list(clients)) resources.push(resource);
  return resources;
}

/** What the engine's tag join sees: one GetResources sweep of the region. */
async function arnsFromTaggingApi(): Promise<string[]> {
  const arns: string[] = [];
  const pages = paginateGetResources({ client: clients.get(ResourceGroupsTaggingAPIClient) }, { ResourceTypeFilters: ['logs:log-group'] });
  for await (const page of pages) for (const mapping of page.ResourceTagMappingList ?? []) arns.push(mapping.ResourceARN!);
  return arns;
}

async function listedGroup(name: string): Promise<Resource> {
  const found = (await listAll()).find((r) => r.id === name);
  if (!found) throw new Error(`log group ${name} not listed`);
  return found;
}

const commandsCalled = () => [...new Set(account.calls.map((call) => call.command))];

describe('logs:log-group list', () => {
  it('finds never-tagged and tagged log groups over several pages', async () => {
    const untagged = Array.from({ length: 4 }, () => seedLogGroup(account));
    const tagged = Array.from({ length: 4 }, () => seedLogGroup(account, { tags: { team: 'web' } }));

    const resources = await listAll();

    expect(resources.map((r) => r.arn).sort()).toEqual([...untagged, ...tagged].map((g) => g.arn).sort());
    expect(account.callsOf('DescribeLogGroups').length).toBeGreaterThan(1);
  });

  it('describes a log group by name with the tagging API form of its ARN (no trailing :*)', async () => {
    const createdAt = new Date('2024-01-15T12:00:00Z');
    seedLogGroup(account, { name: '/my-app/web', createdAt });

    const [group] = await listAll();

    expect(group).toMatchObject({
      type: 'logs:log-group',
      arn: `arn:aws:logs:eu-west-1:${account.accountId}:log-group:/my-app/web`,
      id: '/my-app/web',
      name: '/my-app/web',
      region: REGION,
      accountId: account.accountId,
      createdAt,
      tags: {},
      protectedBecause: undefined,
    });
  });

  it('strips the :* from `arn` when the response has no logGroupArn', async () => {
    const seeded = seedLogGroup(account, { name: '/my-app/worker', omitLogGroupArn: true });

    const [group] = await listAll();

    expect(group.arn).toBe(seeded.arn);
    expect(group.arn.endsWith(':*')).toBe(false);
  });

  it('ignores log groups of other regions', async () => {
    const here = seedLogGroup(account);
    seedLogGroup(account, { region: 'us-east-1' });

    expect((await listAll()).map((r) => r.arn)).toEqual([here.arn]);
  });

  it('returns a never-tagged log group that the tagging API does not know', async () => {
    const neverTagged = seedLogGroup(account);
    const tagged = seedLogGroup(account, { tags: { team: 'web' } });

    expect(await arnsFromTaggingApi()).toEqual([tagged.arn]);
    expect((await listAll()).map((r) => r.arn)).toContain(neverTagged.arn);
  });

  it('makes no per-group call, for tags or anything else', async () => {
    for (let i = 0; i < 7; i++) seedLogGroup(account, { tags: i % 2 ? { team: 'web' } : {} });

    await listAll();

    expect(commandsCalled()).toEqual(['DescribeLogGroups']);
  });

  it.each([
    '/aws/lambda/resize-images',
    '/aws/codebuild/build-site',
    '/aws/rds/instance/orders/postgresql',
    '/aws/ecs/containerinsights/prod/performance',
    '/aws/eks/prod/cluster',
    '/aws/apigateway/welcome',
    '/aws/vendedlogs/states/checkout',
    '/aws-glue/jobs/output',
    'API-Gateway-Execution-Logs_abc123/prod',
  ])('protects %s, which an AWS service created for another resource', async (name) => {
    seedLogGroup(account, { name });

    const [group] = await listAll();

    expect(group.protectedBecause).toBe(SERVICE_REASON);
  });

  it.each(['/my-app/aws/lambda/copy', 'aws/lambda/no-leading-slash', '/aws/custom-app'])(
    'does not protect %s, which only looks like a service log group',
    async (name) => {
      seedLogGroup(account, { name });

      const [group] = await listAll();

      expect(group.protectedBecause).toBeUndefined();
    },
  );

  it('throws AWS errors with their AWS name', async () => {
    seedLogGroup(account);
    account.failNext('DescribeLogGroups', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

    await expect(listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('logs:log-group delete', () => {
  it('deletes the log group with DeleteLogGroup', async () => {
    const group = seedLogGroup(account, { name: '/my-app/web' });

    const outcome = await logGroup.delete(clients, await listedGroup('/my-app/web'));

    expect(outcome).toEqual({ status: 'deleted' });
    expect(account.exists(group.arn)).toBe(false);
    expect(account.callsOf('DeleteLogGroup').map((c) => c.input)).toEqual([{ logGroupName: '/my-app/web' }]);
  });

  it('keeps a log group with deletion protection on', async () => {
    const group = seedLogGroup(account, { name: '/my-app/audit', deletionProtection: true });

    const outcome = await logGroup.delete(clients, await listedGroup('/my-app/audit'));

    expect(outcome).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
    expect(account.exists(group.arn)).toBe(true);
    expect(account.callsOf('DeleteLogGroup')).toEqual([]);
  });

  it('throws ResourceNotFoundException when the log group is already gone', async () => {
    const group = seedLogGroup(account, { name: '/my-app/web' });
    const listed = await listedGroup('/my-app/web');
    account.remove(group.arn);

    await expect(logGroup.delete(clients, listed)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('throws a failing DeleteLogGroup with its AWS name', async () => {
    seedLogGroup(account, { name: '/my-app/web' });
    account.failNext('DeleteLogGroup', () => new FakeAwsError('OperationAbortedException', 'conflicting operation'));

    await expect(logGroup.delete(clients, await listedGroup('/my-app/web'))).rejects.toMatchObject({ name: 'OperationAbortedException' });
  });
});

describe('logs:log-group declarations', () => {
  it('grants an IAM action for every call that list and delete make', async () => {
    seedLogGroup(account, { name: '/my-app/web' });
    await logGroup.delete(clients, await listedGroup('/my-app/web'));
    const granted = [...logGroup.iam.read, ...logGroup.iam.delete];

    for (const command of commandsCalled()) expect(granted).toContain(`logs:${command}`);
    expect(logGroup.iam.delete).toContain('logs:DescribeLogGroups');
    expect(logGroup.iam.tag).toEqual(expect.arrayContaining(['logs:TagResource', 'logs:UntagResource']));
  });

  it('links to the log group in the CloudWatch console, with the name encoded as the console expects', async () => {
    seedLogGroup(account, { name: '/my-app/web' });
    const [group] = await listAll();

    expect(logGroup.consoleUrl(group)).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fmy-app$252Fweb',
    );
  });
});
