import {
  AddTagsToResourceCommand,
  DatabaseMigrationServiceClient,
  DeleteReplicationInstanceCommand,
  DescribeReplicationInstancesCommand,
  DescribeReplicationTasksCommand,
  type Filter,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
  type ReplicationInstance,
  type ReplicationTask,
} from '@aws-sdk/client-database-migration-service';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/**
 * AWS DMS replication instances (`dms:rep`) and the replication tasks that run on them (`dms:task`,
 * not a janitor type). As AWS does: a Describe call whose filters match nothing answers
 * ResourceNotFoundFault, and DeleteReplicationInstance refuses while a task uses the instance, else
 * moves it to `deleting`; `finishDmsDeletions` plays the minutes after. Tags only through ListTagsForResource.
 */

const INSTANCE = 'dms:rep';
const TASK = 'dms:task';

export interface SeedReplicationInstanceOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  status?: string;
  instanceClass?: string;
  multiAZ?: boolean;
}

/** DMS's resource ids: 26 upper-case letters and digits. */
function opaqueId(account: FakeAccount): string {
  return `RI${account.nextId('').toUpperCase()}`.padEnd(26, 'Q');
}

export function seedReplicationInstance(account: FakeAccount, options: SeedReplicationInstanceOptions = {}): FakeResource {
  const region = options.region ?? 'eu-west-1';
  const name = options.name ?? account.nextId('migration-');
  return account.put({
    type: INSTANCE,
    arn: buildArn('dms', region, account.accountId, `rep:${opaqueId(account)}`),
    region,
    tags: options.tags,
    data: {
      name,
      status: options.status ?? 'available',
      instanceClass: options.instanceClass ?? 'dms.t3.medium',
      multiAZ: options.multiAZ ?? false,
      createdAt: options.createdAt ?? new Date(),
    },
  });
}

export interface SeedReplicationTaskOptions {
  region?: string;
  name?: string;
  /** The ARN of the instance it runs on. */
  instanceArn: string;
  status?: string;
}

export function seedReplicationTask(account: FakeAccount, options: SeedReplicationTaskOptions): FakeResource {
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: TASK,
    arn: buildArn('dms', region, account.accountId, `task:${opaqueId(account)}`),
    region,
    data: { name: options.name ?? account.nextId('task-'), instanceArn: options.instanceArn, status: options.status ?? 'running' },
  });
}

/** What DMS does minutes later: every instance being deleted is gone. */
export function finishDmsDeletions(account: FakeAccount): void {
  for (const i of account.list(INSTANCE)) if (i.data.status === 'deleting') account.remove(i.arn);
}

function instanceOf(i: FakeResource): ReplicationInstance {
  return {
    ReplicationInstanceIdentifier: i.data.name,
    ReplicationInstanceArn: i.arn,
    ReplicationInstanceClass: i.data.instanceClass,
    ReplicationInstanceStatus: i.data.status,
    AllocatedStorage: 50,
    InstanceCreateTime: i.data.createdAt,
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0123456789abcdef0', Status: 'active' }],
    AvailabilityZone: `${i.region}a`,
    ReplicationSubnetGroup: { ReplicationSubnetGroupIdentifier: 'default-vpc-0123456789abcdef0', VpcId: 'vpc-0123456789abcdef0' },
    MultiAZ: i.data.multiAZ,
    EngineVersion: '3.5.3',
    AutoMinorVersionUpgrade: true,
    KmsKeyId: `arn:aws:kms:${i.region}:123456789012:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
    PubliclyAccessible: false,
    NetworkType: 'IPV4',
  };
}

function taskOf(t: FakeResource, withoutSettings: boolean): ReplicationTask {
  return {
    ReplicationTaskIdentifier: t.data.name,
    ReplicationTaskArn: t.arn,
    ReplicationInstanceArn: t.data.instanceArn,
    SourceEndpointArn: `arn:aws:dms:${t.region}:123456789012:endpoint:SOURCE`,
    TargetEndpointArn: `arn:aws:dms:${t.region}:123456789012:endpoint:TARGET`,
    MigrationType: 'full-load-and-cdc',
    Status: t.data.status,
    ...(withoutSettings ? {} : { TableMappings: '{"rules":[]}', ReplicationTaskSettings: '{}' }),
  };
}

/** Applies the filters DMS documents for the call, by the given data field of each resource. */
function filtered(resources: FakeResource[], filters: Filter[] | undefined, fields: Record<string, (r: FakeResource) => string>) {
  let kept = resources;
  for (const f of filters ?? []) {
    const field = fields[f.Name ?? ''];
    if (!field) throw new FakeAwsError('InvalidParameterValueException', `Invalid filter name: ${f.Name}`);
    kept = kept.filter((r) => (f.Values ?? []).includes(field(r)));
  }
  return kept;
}

const pageSizeOf = (maxRecords: number | undefined, account: FakeAccount) => {
  if (maxRecords !== undefined && (maxRecords < 20 || maxRecords > 100)) {
    throw new FakeAwsError('InvalidParameterValueException', 'MaxRecords must be between 20 and 100.');
  }
  return Math.min(maxRecords ?? 100, account.defaultPageSize);
};

function byArn(account: FakeAccount, arn: string, region: string): FakeResource {
  const r = account.find(arn);
  if (!r || r.region !== region) throw new FakeAwsError('ResourceNotFoundFault', `Resource ${arn} not found.`);
  return r;
}

export function installDms(account: FakeAccount) {
  const stub = fakeService(DatabaseMigrationServiceClient, account);

  handle(stub, account, 'dms', DescribeReplicationInstancesCommand, (input, region) => {
    const size = pageSizeOf(input.MaxRecords, account);
    const matching = filtered(account.list(INSTANCE, region), input.Filters, {
      'replication-instance-arn': (i) => i.arn,
      'replication-instance-id': (i) => i.data.name,
      'replication-instance-class': (i) => i.data.instanceClass,
    });
    if (input.Filters?.length && matching.length === 0) {
      throw new FakeAwsError('ResourceNotFoundFault', 'No replication instance found matching provided filters');
    }
    const { page, next } = paginate(matching, input.Marker, size);
    return { ReplicationInstances: page.map(instanceOf), Marker: next };
  });

  handle(stub, account, 'dms', DescribeReplicationTasksCommand, (input, region) => {
    const size = pageSizeOf(input.MaxRecords, account);
    const matching = filtered(account.list(TASK, region), input.Filters, {
      'replication-task-arn': (t) => t.arn,
      'replication-task-id': (t) => t.data.name,
      'replication-instance-arn': (t) => t.data.instanceArn,
    });
    if (input.Filters?.length && matching.length === 0) {
      throw new FakeAwsError('ResourceNotFoundFault', 'No Tasks found matching provided filters');
    }
    const { page, next } = paginate(matching, input.Marker, size);
    return { ReplicationTasks: page.map((t) => taskOf(t, input.WithoutSettings === true)), Marker: next };
  });

  handle(stub, account, 'dms', DeleteReplicationInstanceCommand, (input, region) => {
    const i = byArn(account, required(input, 'ReplicationInstanceArn', 'InvalidParameterValueException'), region);
    if (i.type !== INSTANCE) throw new FakeAwsError('ResourceNotFoundFault', `Replication instance ${i.arn} not found.`);
    const tasks = account.list(TASK, region).filter((t) => t.data.instanceArn === i.arn);
    if (tasks.length > 0) {
      throw new FakeAwsError('InvalidResourceStateFault', `Replication instance ${i.data.name} has replication tasks; delete them first.`);
    }
    if (i.data.status !== 'available' && i.data.status !== 'failed') {
      throw new FakeAwsError('InvalidResourceStateFault', `Replication instance ${i.data.name} is ${i.data.status}.`);
    }
    i.data.status = 'deleting';
    return { ReplicationInstance: instanceOf(i) };
  });

  // Handled so that a per-instance tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'dms', ListTagsForResourceCommand, (input, region) => {
    const arns = input.ResourceArn ? [input.ResourceArn] : (input.ResourceArnList ?? []);
    if (arns.length === 0) throw new FakeAwsError('InvalidParameterValueException', 'ResourceArn or ResourceArnList is required.');
    const TagList = arns.flatMap((arn) =>
      Object.entries(byArn(account, arn, region).tags).map(([Key, Value]) => ({ Key, Value, ResourceArn: arn })),
    );
    return { TagList };
  });
  handle(stub, account, 'dms', AddTagsToResourceCommand, (input, region) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidParameterValueException'), region);
    account.setTags(
      r.arn,
      Object.fromEntries(required(input, 'Tags', 'InvalidParameterValueException').map((t) => [t.Key!, t.Value ?? ''])),
    );
    return {};
  });
  handle(stub, account, 'dms', RemoveTagsFromResourceCommand, (input, region) => {
    const r = byArn(account, required(input, 'ResourceArn', 'InvalidParameterValueException'), region);
    account.removeTags(r.arn, required(input, 'TagKeys', 'InvalidParameterValueException'));
    return {};
  });

  return stub;
}
