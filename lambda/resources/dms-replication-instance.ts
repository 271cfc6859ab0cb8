import {
  DatabaseMigrationServiceClient,
  DeleteReplicationInstanceCommand,
  DescribeReplicationInstancesCommand,
  ListTagsForResourceCommand,
  paginateDescribeReplicationInstances,
  paginateDescribeReplicationTasks,
  type ReplicationInstance,
  type ReplicationTask,
} from '@aws-sdk/client-database-migration-service';
import { consoleBase } from '../aws/arn';
import type { AwsClients } from '../aws/clients';
import type { Resource, Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { configurationOr, noneIf, theOne } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome, RetryLaterError } from './resource-type';

/**
 * Not inventory: an instance still being created (not judged yet) or already being deleted
 * (ReplicationInstanceStatus, https://docs.aws.amazon.com/dms/latest/APIReference/API_ReplicationInstance.html).
 */
const NOT_INVENTORY = new Set(['creating', 'deleting']);

/**
 * States a deletion may start from. A failed instance that no task uses does no work and only
 * bills: retried instead, it would be retried every night and never deleted. Modifying,
 * upgrading, rebooting, maintenance, storage-full...: retried later.
 */
const DELETABLE = new Set(['available', 'failed']);

/**
 * DMS answers a Describe call whose filters match nothing with ResourceNotFoundFault, as it does a
 * tag read of an instance that is gone (https://docs.aws.amazon.com/dms/latest/APIReference/API_DescribeReplicationInstances.html).
 */
const NOT_FOUND = ['ResourceNotFoundFault'];

/** Tasks named in a skip reason; the rest are counted. */
const TASKS_NAMED = 5;

/**
 * Approximate us-east-1 USD per Single-AZ instance-hour (https://aws.amazon.com/dms/pricing/); Multi-AZ
 * runs a standby and costs twice as much. Classes not listed get no estimate rather than a guess.
 */
const INSTANCE_HOURLY: Readonly<Record<string, number>> = {
  'dms.t3.micro': 0.018,
  'dms.t3.small': 0.036,
  'dms.t3.medium': 0.073,
  'dms.t3.large': 0.146,
  'dms.c5.large': 0.154,
  'dms.c5.xlarge': 0.308,
  'dms.c5.2xlarge': 0.616,
  'dms.c5.4xlarge': 1.232,
};

const dms = (clients: AwsClients) => clients.get(DatabaseMigrationServiceClient);

const instanceDetails = (i: ReplicationInstance) => ({
  status: i.ReplicationInstanceStatus,
  instanceClass: i.ReplicationInstanceClass,
  multiAZ: i.MultiAZ,
  allocatedStorage: i.AllocatedStorage,
  engineVersion: i.EngineVersion,
  vpcId: i.ReplicationSubnetGroup?.VpcId,
  publiclyAccessible: i.PubliclyAccessible,
});

/** The instance by ARN (filter `replication-instance-arn`); ResourceNotFoundFault when it is gone. */
async function describeInstance(client: DatabaseMigrationServiceClient, arn: string): Promise<ReplicationInstance> {
  const { ReplicationInstances } = await client.send(
    new DescribeReplicationInstancesCommand({ Filters: [{ Name: 'replication-instance-arn', Values: [arn] }] }),
  );
  return theOne(ReplicationInstances, `replication instance ${arn}`);
}

async function instanceTags(client: DatabaseMigrationServiceClient, arn: string): Promise<Tags> {
  // https://docs.aws.amazon.com/dms/latest/APIReference/API_ListTagsForResource.html (not paginated).
  const { TagList } = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
  return tagsFromList(TagList);
}

/** Every replication task on the instance, whatever its state (filter `replication-instance-arn`). */
async function tasksOn(client: DatabaseMigrationServiceClient, arn: string): Promise<ReplicationTask[]> {
  const tasks: ReplicationTask[] = [];
  const read = async () => {
    const pages = paginateDescribeReplicationTasks(
      { client, pageSize: 100 },
      { Filters: [{ Name: 'replication-instance-arn', Values: [arn] }], WithoutSettings: true },
    );
    for await (const page of pages) tasks.push(...(page.ReplicationTasks ?? []));
  };
  // No task on it: DMS says so with ResourceNotFoundFault ("No Tasks found matching provided filters").
  await noneIf(NOT_FOUND, read);
  return tasks;
}

/** "task-a (running), task-b (stopped) and 2 more". */
function taskList(tasks: readonly ReplicationTask[]): string {
  const named = tasks
    .slice(0, TASKS_NAMED)
    .map((t) => `${t.ReplicationTaskIdentifier ?? t.ReplicationTaskArn ?? '?'} (${t.Status ?? '?'})`);
  const more = tasks.length > TASKS_NAMED ? ` and ${tasks.length - TASKS_NAMED} more` : '';
  return `${named.join(', ')}${more}`;
}

/**
 * The replication tasks keep the instance: deleting it would cut a running migration (AWS refuses
 * anyway, https://docs.aws.amazon.com/dms/latest/APIReference/API_DeleteReplicationInstance.html).
 * Tasks are not a janitor type, so someone must delete them first. Tasks all being deleted: retried.
 */
async function keptBecause(client: DatabaseMigrationServiceClient, arn: string, name: string): Promise<string | undefined> {
  const tasks = await tasksOn(client, arn);
  if (tasks.length === 0) return undefined;
  if (tasks.every((t) => t.Status === 'deleting')) {
    throw new RetryLaterError(`replication instance ${name}: its replication task(s) ${taskList(tasks)} are being deleted`);
  }
  return `used by ${tasks.length} replication task(s): ${taskList(tasks)}; deleting the instance would stop their migrations. Delete the tasks first`;
}

async function completeOne(client: DatabaseMigrationServiceClient, resource: Resource): Promise<Resource | undefined> {
  const instance = await noneIf(NOT_FOUND, () => describeInstance(client, resource.arn));
  if (!instance || NOT_INVENTORY.has(instance.ReplicationInstanceStatus ?? '')) return undefined;
  const tags = await noneIf(NOT_FOUND, () => instanceTags(client, resource.arn));
  if (!tags) return undefined;
  return { ...completedResource(resource, { createdAt: instance.InstanceCreateTime, details: instanceDetails(instance) }), tags };
}

/**
 * The listing's pages; none when DMS answers the first with ResourceNotFoundFault (nothing found).
 * The same fault on a later page is thrown: the listing would be incomplete.
 */
async function* instancePages(client: DatabaseMigrationServiceClient) {
  let pages = 0;
  try {
    // MaxRecords is 20-100 (https://docs.aws.amazon.com/dms/latest/APIReference/API_DescribeReplicationInstances.html).
    for await (const page of paginateDescribeReplicationInstances({ client, pageSize: 100 }, {})) {
      pages += 1;
      yield page;
    }
  } catch (error) {
    if (pages > 0 || !NOT_FOUND.includes((error as { name?: string }).name ?? '')) throw error;
  }
}

/**
 * AWS DMS replication instances: the provisioned hosts that run migration tasks. DescribeReplicationInstances
 * has state, class and creation time but no tags: `complete` reads each candidate's from DMS itself.
 * An instance that replication tasks use is skipped, naming them. DMS Serverless replication configs
 * (`dms:replication-config`) are another resource, not this type.
 */
export const dmsReplicationInstance = pagedType({
  // Tagging API type `dms:rep`, ARN `arn:aws:dms:{region}:{account}:rep:{id}` (ReplicationInstanceArn); IAM calls it
  // `ReplicationInstance` (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsdatabasemigrationservice.html).
  id: 'dms:rep',
  label: 'DMS replication instance',
  tagsFromList: false,
  completeReadsTags: true,
  // list_awsdatabasemigrationservice.html: DeleteReplicationInstance, AddTagsToResource and RemoveTagsFromResource
  // authorize against `ReplicationInstance`, which supports aws:ResourceTag; the Describe calls have no resource type.
  iam: {
    read: ['dms:DescribeReplicationInstances', 'dms:ListTagsForResource', 'dms:DescribeReplicationTasks'],
    tag: ['dms:AddTagsToResource', 'dms:RemoveTagsFromResource'],
    delete: ['dms:DeleteReplicationInstance'],
  },
  // Before security groups (80): the instance's ENIs hold its groups until it is gone.
  deletionOrder: 50,

  listing: {
    pages: (clients) => instancePages(dms(clients)),
    items: (page) => page.ReplicationInstances,
    resource: (i) => {
      const { ReplicationInstanceArn: arn, ReplicationInstanceIdentifier: name } = i;
      if (!arn || !name || NOT_INVENTORY.has(i.ReplicationInstanceStatus ?? '')) return undefined;
      // Terraform's id is the identifier; the ARN is what DMS's own calls take.
      return { arn, id: arn, name, iacAliases: [name], details: instanceDetails(i), needsCompletion: true };
    },
  },

  // DescribeReplicationInstances (state, creation time) and ListTagsForResource for each candidate.
  complete: (clients, resources) => readEach(resources, (r) => completeOne(dms(clients), r)),

  async delete(clients, resource): Promise<DeletionOutcome> {
    const client = dms(clients);
    const name = resource.name ?? resource.id;
    // Read again: a task may have been created on it, or a modification started, since it was listed.
    const instance = await describeInstance(client, resource.arn);
    const status = instance.ReplicationInstanceStatus;
    if (status === 'deleting') return { status: 'started', note: 'the instance was already being deleted' };
    if (!DELETABLE.has(status ?? '')) throw new RetryLaterError(`replication instance ${name} is ${status ?? 'in an unknown state'}`);
    const kept = await keptBecause(client, resource.arn, name);
    if (kept) return { status: 'skipped', reason: kept };
    // Asynchronous: the instance is `deleting` for some minutes.
    await client.send(new DeleteReplicationInstanceCommand({ ReplicationInstanceArn: resource.arn }));
    return { status: 'started', note: 'no replication task used it; its storage (task logs, cached changes) goes with it' };
  },

  // Class, storage, engine version, subnet group, security groups, KMS key, Multi-AZ: what recreating it takes.
  describe: (clients, resource) =>
    configurationOr(resource, async () => ({ replicationInstance: await describeInstance(dms(clients), resource.arn) })),

  consoleUrl: (r) => `${consoleBase(r.region)}/dms/v2/home?region=${r.region}#replicationInstances`,

  costHint: (r) => {
    const instanceClass = String(r.details?.instanceClass);
    const hourly = INSTANCE_HOURLY[instanceClass];
    if (hourly === undefined) return undefined;
    const multiAZ = r.details?.multiAZ === true;
    const label = multiAZ ? `${instanceClass}, Multi-AZ` : instanceClass;
    return `~$${Math.round(hourly * (multiAZ ? 2 : 1) * 730)}/month (${label}) + storage`;
  },
});
