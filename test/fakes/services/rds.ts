import {
  AddTagsToResourceCommand,
  DeleteDBClusterCommand,
  DeleteDBClusterSnapshotCommand,
  DeleteDBInstanceCommand,
  DeleteDBSnapshotCommand,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  type DescribeDBClustersMessage,
  DescribeDBInstancesCommand,
  type DescribeDBInstancesMessage,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  ListTagsForResourceCommand,
  ModifyDBClusterCommand,
  ModifyDBInstanceCommand,
  RDSClient,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-rds';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required, tagList } from '../fake-account';

/**
 * RDS: DB instances (`rds:db`), DB clusters (`rds:cluster`) and DB and cluster snapshots
 * (`rds:snapshot`, `rds:cluster-snapshot`: seeded, or the final snapshots a deletion leaves), under
 * the ARNs RDS and the tagging API use. Deletion only moves a database to `deleting`;
 * `finishRdsDeletions` plays the minutes after. A snapshot is deleted at once.
 */

const INSTANCE = 'rds:db';
const CLUSTER = 'rds:cluster';
/**
 * DB clusters of every engine share RDS's API and ARN space: DocumentDB and Neptune clusters are
 * stored under their plug-ins' types (tagging type `rds:cluster`) and answered by RDS's calls too.
 */
export const DOCDB_CLUSTER = 'docdb:cluster';
export const NEPTUNE_CLUSTER = 'neptune:cluster';
const CLUSTER_TYPES = [CLUSTER, DOCDB_CLUSTER, NEPTUNE_CLUSTER];
export const RDS_SNAPSHOT = 'rds:snapshot';
export const RDS_CLUSTER_SNAPSHOT = 'rds:cluster-snapshot';
const DEFAULT_REGION = 'eu-west-1';

export interface SeedDbInstanceOptions {
  id?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  engine?: string;
  instanceClass?: string;
  /** DBInstanceStatus, `available` unless given. */
  status?: string;
  deletionProtection?: boolean;
  copyTagsToSnapshot?: boolean;
  multiAz?: boolean;
  allocatedStorageGb?: number;
  /** Makes it a read replica of that instance. */
  readReplicaOf?: string;
  /** Makes it a member of that cluster (Aurora and the like); `seedAuroraCluster` sets it. */
  clusterId?: string;
}

export function seedDbInstance(account: FakeAccount, options: SeedDbInstanceOptions = {}): FakeResource {
  // RDS stores identifiers in lower case.
  const id = (options.id ?? account.nextId('database-')).toLowerCase();
  const region = options.region ?? DEFAULT_REGION;
  return account.put({
    type: INSTANCE,
    arn: buildArn('rds', region, account.accountId, `db:${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      engine: options.engine ?? 'postgres',
      instanceClass: options.instanceClass ?? 'db.t3.micro',
      status: options.status ?? 'available',
      createdAt: options.createdAt ?? new Date(),
      deletionProtection: options.deletionProtection ?? false,
      copyTagsToSnapshot: options.copyTagsToSnapshot ?? false,
      multiAz: options.multiAz ?? false,
      allocatedStorageGb: options.allocatedStorageGb ?? 20,
      readReplicaOf: options.readReplicaOf,
      clusterId: options.clusterId,
    },
  });
}

export interface SeedAuroraClusterOptions {
  id?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** `aurora-postgresql` unless given; `docdb`, `neptune`, `mysql` (Multi-AZ DB cluster) also live here. */
  engine?: string;
  /** One member instance per entry, with that instance class. One `db.r6g.large` unless given. */
  memberClasses?: string[];
  /** Cluster Status, `available` unless given. */
  status?: string;
  deletionProtection?: boolean;
  copyTagsToSnapshot?: boolean;
  serverlessMinAcu?: number;
  globalClusterId?: string;
  /** Stores it as a DocumentDB or Neptune cluster (tagging type `rds:cluster`); `rds:cluster` unless given. */
  type?: typeof DOCDB_CLUSTER | typeof NEPTUNE_CLUSTER;
}

/** A DB cluster and its member instances (`{cluster id}-instance-{n}`), as `CreateDBCluster` + `CreateDBInstance` leave them. */
export function seedAuroraCluster(account: FakeAccount, options: SeedAuroraClusterOptions = {}): FakeResource {
  const id = (options.id ?? account.nextId('cluster-')).toLowerCase();
  const region = options.region ?? DEFAULT_REGION;
  const engine = options.engine ?? 'aurora-postgresql';
  const createdAt = options.createdAt ?? new Date();
  const members = (options.memberClasses ?? ['db.r6g.large']).map(
    (instanceClass, i) =>
      seedDbInstance(account, { id: `${id}-instance-${i + 1}`, region, engine, instanceClass, createdAt, clusterId: id }).data.id as string,
  );
  return account.put({
    type: options.type ?? CLUSTER,
    ...(options.type ? { taggingType: CLUSTER } : {}),
    arn: buildArn('rds', region, account.accountId, `cluster:${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      engine,
      status: options.status ?? 'available',
      createdAt,
      members,
      deletionProtection: options.deletionProtection ?? false,
      copyTagsToSnapshot: options.copyTagsToSnapshot ?? false,
      serverlessMinAcu: options.serverlessMinAcu,
      globalClusterId: options.globalClusterId,
    },
  });
}

/** The cluster's member instances as stored in the account. */
export function clusterMembers(account: FakeAccount, cluster: FakeResource): FakeResource[] {
  return account.list(INSTANCE, cluster.region).filter((db) => db.data.clusterId === cluster.data.id);
}

/** Final snapshots taken by DeleteDBInstance (`rds:snapshot`) and DeleteDBCluster (`rds:cluster-snapshot`). */
export function rdsSnapshots(account: FakeAccount): FakeResource[] {
  return [...account.list(RDS_SNAPSHOT), ...account.list(RDS_CLUSTER_SNAPSHOT)];
}

/** DB clusters of every engine (in a region, or in all). */
function allClusters(account: FakeAccount, region?: string): FakeResource[] {
  return CLUSTER_TYPES.flatMap((type) => account.list(type, region));
}

/** What RDS does minutes later: every database in `deleting` is gone. */
export function finishRdsDeletions(account: FakeAccount): void {
  for (const r of [...account.list(INSTANCE), ...allClusters(account)]) if (r.data.status === 'deleting') account.remove(r.arn);
}

/** RDS accepts an identifier or, for most calls, the ARN. */
function find(account: FakeAccount, types: readonly string[], idOrArn: string, region: string): FakeResource | undefined {
  const byArn = account.find(idOrArn);
  if (byArn) return types.includes(byArn.type) && byArn.region === region ? byArn : undefined;
  for (const type of types) {
    const found = account.findBy(type, 'id', idOrArn.toLowerCase(), region);
    if (found) return found;
  }
  return undefined;
}

function instanceIn(account: FakeAccount, idOrArn: string, region: string): FakeResource {
  const db = find(account, [INSTANCE], idOrArn, region);
  if (!db) throw new FakeAwsError('DBInstanceNotFoundFault', `DBInstance ${idOrArn} not found.`);
  return db;
}

function clusterIn(account: FakeAccount, idOrArn: string, region: string): FakeResource {
  const cluster = find(account, CLUSTER_TYPES, idOrArn, region);
  if (!cluster) throw new FakeAwsError('DBClusterNotFoundFault', `DBCluster ${idOrArn} not found.`);
  return cluster;
}

/** The RDS resource an ARN names, for the tagging calls; RDS answers an unknown ARN with the type's not-found fault. */
function taggableIn(account: FakeAccount, arn: string | undefined, region: string): FakeResource {
  const r = arn ? account.find(arn) : undefined;
  if (r && (r.type.startsWith('rds:') || CLUSTER_TYPES.includes(r.type)) && r.region === region) return r;
  const fault = arn?.includes(':cluster:')
    ? 'DBClusterNotFoundFault'
    : arn?.includes(':db:')
      ? 'DBInstanceNotFoundFault'
      : arn?.includes(':cluster-snapshot:')
        ? 'DBClusterSnapshotNotFoundFault'
        : arn?.includes(':snapshot:')
          ? 'DBSnapshotNotFoundFault'
          : 'InvalidParameterValue';
  throw new FakeAwsError(fault, `${arn ?? 'ResourceName'} not found.`);
}

function checkMaxRecords(maxRecords: number | undefined): void {
  if (maxRecords !== undefined && (maxRecords < 20 || maxRecords > 100)) {
    throw new FakeAwsError('InvalidParameterValue', `Invalid value ${maxRecords} for MaxRecords. Must be between 20 and 100`);
  }
}

/** At most `account.defaultPageSize` per page even when the caller asks for 100, to exercise Marker. */
function page<T>(account: FakeAccount, items: readonly T[], input: { MaxRecords?: number; Marker?: string }) {
  checkMaxRecords(input.MaxRecords);
  return paginate(items, input.Marker || undefined, Math.min(input.MaxRecords ?? 100, account.defaultPageSize));
}

/** Filters RDS supports on the describe calls used here; anything else is rejected as RDS does. */
function applyFilters(
  items: FakeResource[],
  filters: { Name?: string; Values?: string[] }[] | undefined,
  fields: Readonly<Record<string, string>> = { 'db-cluster-id': 'clusterId', 'db-instance-id': 'id', engine: 'engine' },
): FakeResource[] {
  let result = items;
  for (const filter of filters ?? []) {
    const values = (filter.Values ?? []).map((v) => v.toLowerCase());
    const field = fields[filter.Name ?? ''];
    if (!field) throw new FakeAwsError('InvalidParameterValue', `Unrecognized filter name: ${filter.Name}`);
    result = result.filter((r) => {
      const value = r.data[field];
      return typeof value === 'string' && values.some((v) => v === value || v.endsWith(`:${value}`));
    });
  }
  return result;
}

/**
 * RDS snapshot identifiers: 1-255 letters, digits and hyphens, a letter first, no double or
 * trailing hyphen. Unique per account and region; optional copy of the source's tags.
 */
function takeFinalSnapshot(account: FakeAccount, source: FakeResource, snapshotId: string, cluster: boolean): void {
  if (!/^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(snapshotId) || snapshotId.includes('--') || snapshotId.endsWith('-')) {
    throw new FakeAwsError('InvalidParameterValue', `The parameter FinalDBSnapshotIdentifier is not a valid identifier: ${snapshotId}`);
  }
  const type = cluster ? RDS_CLUSTER_SNAPSHOT : RDS_SNAPSHOT;
  const arn = buildArn('rds', source.region, account.accountId, `${cluster ? 'cluster-snapshot' : 'snapshot'}:${snapshotId.toLowerCase()}`);
  if (account.exists(arn)) {
    throw new FakeAwsError(
      cluster ? 'DBClusterSnapshotAlreadyExistsFault' : 'DBSnapshotAlreadyExistsFault',
      `Snapshot ${snapshotId} already exists.`,
    );
  }
  account.put({
    type,
    arn,
    region: source.region,
    tags: source.data.copyTagsToSnapshot ? { ...source.tags } : {},
    data: {
      id: snapshotId.toLowerCase(),
      sourceId: source.data.id,
      snapshotType: 'manual',
      status: 'available',
      engine: source.data.engine,
      allocatedStorageGb: source.data.allocatedStorageGb ?? 1,
      sharedWith: [],
      createdAt: new Date(),
    },
  });
}

/**
 * Which snapshot parameters DeleteDBInstance/DeleteDBCluster accept: exactly one of
 * SkipFinalSnapshot=true or FinalDBSnapshotIdentifier, and no snapshot at all for a read replica
 * or a cluster member.
 */
function checkSnapshotParameters(
  input: { SkipFinalSnapshot?: boolean; FinalDBSnapshotIdentifier?: string },
  snapshotImpossible: string | undefined,
): void {
  if (input.SkipFinalSnapshot && input.FinalDBSnapshotIdentifier) {
    throw new FakeAwsError('InvalidParameterCombination', 'FinalDBSnapshotIdentifier cannot be specified if SkipFinalSnapshot is enabled.');
  }
  if (snapshotImpossible) {
    if (input.FinalDBSnapshotIdentifier)
      throw new FakeAwsError(
        'InvalidParameterCombination',
        `FinalDBSnapshotIdentifier can not be specified when deleting ${snapshotImpossible}`,
      );
    return;
  }
  if (!input.SkipFinalSnapshot && !input.FinalDBSnapshotIdentifier) {
    throw new FakeAwsError('InvalidParameterCombination', 'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.');
  }
}

function instanceDescription(db: FakeResource) {
  return {
    DBInstanceIdentifier: db.data.id,
    DBInstanceArn: db.arn,
    DBInstanceClass: db.data.instanceClass,
    Engine: db.data.engine,
    DBInstanceStatus: db.data.status,
    InstanceCreateTime: db.data.createdAt,
    AllocatedStorage: db.data.clusterId ? 1 : db.data.allocatedStorageGb,
    MultiAZ: db.data.multiAz,
    DeletionProtection: db.data.deletionProtection,
    CopyTagsToSnapshot: db.data.copyTagsToSnapshot,
    DBClusterIdentifier: db.data.clusterId,
    ReadReplicaSourceDBInstanceIdentifier: db.data.readReplicaOf,
    TagList: tagList(db.tags),
  };
}

function clusterDescription(account: FakeAccount, cluster: FakeResource) {
  return {
    DBClusterIdentifier: cluster.data.id,
    DBClusterArn: cluster.arn,
    Engine: cluster.data.engine,
    Status: cluster.data.status,
    ClusterCreateTime: cluster.data.createdAt,
    DeletionProtection: cluster.data.deletionProtection,
    CopyTagsToSnapshot: cluster.data.copyTagsToSnapshot,
    GlobalClusterIdentifier: cluster.data.globalClusterId,
    ServerlessV2ScalingConfiguration:
      cluster.data.serverlessMinAcu === undefined ? undefined : { MinCapacity: cluster.data.serverlessMinAcu, MaxCapacity: 16 },
    DBClusterMembers: clusterMembers(account, cluster).map((db, i) => ({ DBInstanceIdentifier: db.data.id, IsClusterWriter: i === 0 })),
    TagList: tagList(cluster.tags),
  };
}

/** Filters DescribeDBClusters supports: the cluster's identifier or ARN, and its engine. */
const CLUSTER_FILTER_FIELDS = { 'db-cluster-id': 'id', engine: 'engine' };

/**
 * RDS's DB instance and cluster calls, shared with the DocumentDB and Neptune fakes: the three
 * clients call the same API (version 2014-10-31) on the same resources.
 */
export const rdsCalls = {
  describeInstances(account: FakeAccount, input: DescribeDBInstancesMessage, region: string) {
    if (input.DBInstanceIdentifier) {
      checkMaxRecords(input.MaxRecords);
      return { DBInstances: [instanceDescription(instanceIn(account, input.DBInstanceIdentifier, region))] };
    }
    const { page: instances, next } = page(account, applyFilters(account.list(INSTANCE, region), input.Filters), input);
    return { DBInstances: instances.map(instanceDescription), Marker: next };
  },

  deleteInstance(
    account: FakeAccount,
    input: { DBInstanceIdentifier?: string; SkipFinalSnapshot?: boolean; FinalDBSnapshotIdentifier?: string },
    region: string,
  ) {
    const db = instanceIn(account, required(input, 'DBInstanceIdentifier', 'MissingParameter'), region);
    if (db.data.status === 'deleting')
      throw new FakeAwsError('InvalidDBInstanceStateFault', `Instance ${db.data.id} is already being deleted.`);
    if (db.data.deletionProtection) {
      throw new FakeAwsError(
        'InvalidParameterCombination',
        'Cannot delete protected DB Instance, please disable deletion protection and try again.',
      );
    }
    const snapshotImpossible = db.data.clusterId ? 'a DB cluster member' : db.data.readReplicaOf ? 'a replica instance' : undefined;
    checkSnapshotParameters(input, snapshotImpossible);
    if (input.FinalDBSnapshotIdentifier) takeFinalSnapshot(account, db, input.FinalDBSnapshotIdentifier, false);
    db.data.status = 'deleting';
    return { DBInstance: instanceDescription(db) };
  },

  describeClusters(account: FakeAccount, input: DescribeDBClustersMessage, region: string) {
    if (input.DBClusterIdentifier) {
      checkMaxRecords(input.MaxRecords);
      return { DBClusters: [clusterDescription(account, clusterIn(account, input.DBClusterIdentifier, region))] };
    }
    const matching = applyFilters(allClusters(account, region), input.Filters, CLUSTER_FILTER_FIELDS);
    const { page: clusters, next } = page(account, matching, input);
    return { DBClusters: clusters.map((c) => clusterDescription(account, c)), Marker: next };
  },

  modifyCluster(account: FakeAccount, input: { DBClusterIdentifier?: string; DeletionProtection?: boolean }, region: string) {
    const cluster = clusterIn(account, required(input, 'DBClusterIdentifier', 'MissingParameter'), region);
    if (cluster.data.status === 'deleting')
      throw new FakeAwsError('InvalidDBClusterStateFault', `DB cluster ${cluster.data.id} is not in available state.`);
    if (input.DeletionProtection !== undefined) cluster.data.deletionProtection = input.DeletionProtection;
    return { DBCluster: clusterDescription(account, cluster) };
  },

  deleteCluster(
    account: FakeAccount,
    input: { DBClusterIdentifier?: string; SkipFinalSnapshot?: boolean; FinalDBSnapshotIdentifier?: string },
    region: string,
  ) {
    const cluster = clusterIn(account, required(input, 'DBClusterIdentifier', 'MissingParameter'), region);
    if (cluster.data.status === 'deleting')
      throw new FakeAwsError('InvalidDBClusterStateFault', `DB cluster ${cluster.data.id} is already being deleted.`);
    if (cluster.data.deletionProtection) {
      throw new FakeAwsError(
        'InvalidParameterCombination',
        'Cannot delete protected Cluster, please disable deletion protection and try again.',
      );
    }
    // Members that are already `deleting` do not block: RDS only refuses while one is not.
    if (clusterMembers(account, cluster).some((db) => db.data.status !== 'deleting')) {
      throw new FakeAwsError(
        'InvalidDBClusterStateFault',
        'Cluster cannot be deleted, it still contains DB instances in non-deleting state.',
      );
    }
    if (cluster.data.globalClusterId) {
      throw new FakeAwsError(
        'InvalidDBClusterStateFault',
        `This cluster is a part of a global cluster ${cluster.data.globalClusterId}, please remove it from globalcluster first`,
      );
    }
    checkSnapshotParameters(input, undefined);
    if (input.FinalDBSnapshotIdentifier) takeFinalSnapshot(account, cluster, input.FinalDBSnapshotIdentifier, true);
    cluster.data.status = 'deleting';
    return { DBCluster: clusterDescription(account, cluster) };
  },

  /** Global clusters are account-wide: their members in every region. */
  describeGlobalClusters(account: FakeAccount, input: { MaxRecords?: number; Marker?: string }) {
    const byId = new Map<string, FakeResource[]>();
    for (const c of allClusters(account)) {
      if (c.data.globalClusterId) byId.set(c.data.globalClusterId, [...(byId.get(c.data.globalClusterId) ?? []), c]);
    }
    const { page: globals, next } = page(account, [...byId], input);
    return {
      GlobalClusters: globals.map(([id, members]) => ({
        GlobalClusterIdentifier: id,
        GlobalClusterArn: `arn:aws:rds::${account.accountId}:global-cluster:${id}`,
        Engine: members[0]?.data.engine,
        GlobalClusterMembers: members.map((m, i) => ({ DBClusterArn: m.arn, IsWriter: i === 0, Readers: [] })),
      })),
      Marker: next,
    };
  },

  listTags(account: FakeAccount, input: { ResourceName?: string }, region: string) {
    return { TagList: tagList(taggableIn(account, required(input, 'ResourceName', 'MissingParameter'), region).tags) };
  },

  // RDS's own tagging calls take the resource's ARN (not an identifier), in the client's region.
  addTags(account: FakeAccount, input: { ResourceName?: string; Tags?: { Key?: string; Value?: string }[] }, region: string) {
    const r = taggableIn(account, input.ResourceName, region);
    const tags: Record<string, string> = {};
    for (const { Key, Value } of input.Tags ?? []) {
      if (!Key || Key.toLowerCase().startsWith('aws:'))
        throw new FakeAwsError('InvalidParameterValue', `Tag keys starting with 'aws:' are reserved: ${Key}`);
      tags[Key] = Value ?? '';
    }
    account.setTags(r.arn, tags);
    return {};
  },

  removeTags(account: FakeAccount, input: { ResourceName?: string; TagKeys?: string[] }, region: string) {
    account.removeTags(taggableIn(account, input.ResourceName, region).arn, input.TagKeys ?? []);
    return {};
  },
};

/** How a snapshot came to be, as DescribeDBSnapshots' and DescribeDBClusterSnapshots' SnapshotType filter names it. */
export type RdsSnapshotType = 'manual' | 'automated' | 'awsbackup' | 'shared' | 'public';

export interface SeedRdsSnapshotOptions {
  id?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  /** The DB instance (or, for a cluster snapshot, the cluster) it was taken of. */
  sourceId?: string;
  /** `manual` unless given. `shared`/`public` stand for another account's snapshot this account can see. */
  snapshotType?: RdsSnapshotType;
  /** Status, `available` unless given (`creating`, `copying`, ...). */
  status?: string;
  engine?: string;
  allocatedStorageGb?: number;
  /** The `restore` attribute: account ids it is shared with, `all` when public. */
  sharedWith?: string[];
}

function seedSnapshot(account: FakeAccount, options: SeedRdsSnapshotOptions, cluster: boolean): FakeResource {
  const id = (options.id ?? account.nextId(cluster ? 'cluster-snap-' : 'snap-')).toLowerCase();
  const region = options.region ?? DEFAULT_REGION;
  return account.put({
    type: cluster ? RDS_CLUSTER_SNAPSHOT : RDS_SNAPSHOT,
    arn: buildArn('rds', region, account.accountId, `${cluster ? 'cluster-snapshot' : 'snapshot'}:${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      sourceId: options.sourceId ?? (cluster ? 'orders-cluster' : 'orders-db'),
      snapshotType: options.snapshotType ?? 'manual',
      status: options.status ?? 'available',
      engine: options.engine ?? (cluster ? 'aurora-postgresql' : 'postgres'),
      allocatedStorageGb: options.allocatedStorageGb ?? (cluster ? 1 : 20),
      sharedWith: options.sharedWith ?? [],
      createdAt: options.createdAt ?? new Date(),
    },
  });
}

/** A DB snapshot (`rds:snapshot`), manual and available unless told otherwise. */
export function seedDbSnapshot(account: FakeAccount, options: SeedRdsSnapshotOptions = {}): FakeResource {
  return seedSnapshot(account, options, false);
}

/** A DB cluster snapshot (`rds:cluster-snapshot`) of any engine (Aurora, Multi-AZ DB cluster, DocumentDB, Neptune). */
export function seedDbClusterSnapshot(account: FakeAccount, options: SeedRdsSnapshotOptions = {}): FakeResource {
  return seedSnapshot(account, options, true);
}

/**
 * Which snapshots a describe call returns: one SnapshotType, or (none given) automated and manual,
 * plus shared and public ones only with IncludeShared/IncludePublic.
 */
function ofSnapshotType(
  snapshots: FakeResource[],
  input: { SnapshotType?: string; IncludeShared?: boolean; IncludePublic?: boolean; Filters?: unknown[] },
): FakeResource[] {
  if (input.Filters?.length) throw new FakeAwsError('InvalidParameterValue', 'Filters are not supported by this fake');
  if (input.SnapshotType) return snapshots.filter((s) => s.data.snapshotType === input.SnapshotType);
  const types = new Set(['automated', 'manual', ...(input.IncludeShared ? ['shared'] : []), ...(input.IncludePublic ? ['public'] : [])]);
  return snapshots.filter((s) => types.has(s.data.snapshotType));
}

function snapshotIn(account: FakeAccount, idOrArn: string, region: string, cluster: boolean): FakeResource {
  const snapshot = find(account, [cluster ? RDS_CLUSTER_SNAPSHOT : RDS_SNAPSHOT], idOrArn, region);
  if (!snapshot) {
    throw new FakeAwsError(cluster ? 'DBClusterSnapshotNotFoundFault' : 'DBSnapshotNotFoundFault', `Snapshot ${idOrArn} not found.`);
  }
  return snapshot;
}

function dbSnapshotDescription(s: FakeResource) {
  return {
    DBSnapshotIdentifier: s.data.id,
    DBInstanceIdentifier: s.data.sourceId,
    DBSnapshotArn: s.arn,
    SnapshotCreateTime: s.data.createdAt,
    Engine: s.data.engine,
    AllocatedStorage: s.data.allocatedStorageGb,
    Status: s.data.status,
    SnapshotType: s.data.snapshotType,
    TagList: tagList(s.tags),
  };
}

function clusterSnapshotDescription(s: FakeResource) {
  return {
    DBClusterSnapshotIdentifier: s.data.id,
    DBClusterIdentifier: s.data.sourceId,
    DBClusterSnapshotArn: s.arn,
    SnapshotCreateTime: s.data.createdAt,
    Engine: s.data.engine,
    AllocatedStorage: s.data.allocatedStorageGb,
    Status: s.data.status,
    SnapshotType: s.data.snapshotType,
    TagList: tagList(s.tags),
  };
}

/** RDS deletes only manual snapshots in the `available` state; the snapshot is gone at once. */
function deleteSnapshot(account: FakeAccount, snapshot: FakeResource, cluster: boolean): void {
  const fault = cluster ? 'InvalidDBClusterSnapshotStateFault' : 'InvalidDBSnapshotStateFault';
  if (snapshot.data.snapshotType !== 'manual') throw new FakeAwsError(fault, 'Only manual snapshots may be deleted.');
  if (snapshot.data.status !== 'available') throw new FakeAwsError(fault, `Snapshot ${snapshot.data.id} is not in available state.`);
  account.remove(snapshot.arn);
}

const restoreAttribute = (s: FakeResource) => [{ AttributeName: 'restore', AttributeValues: [...(s.data.sharedWith as string[])] }];

export function installRds(account: FakeAccount) {
  const stub = fakeService(RDSClient, account);
  handle(stub, account, 'rds', DescribeDBInstancesCommand, (input, region) => rdsCalls.describeInstances(account, input, region));
  handle(stub, account, 'rds', ModifyDBInstanceCommand, (input, region) => {
    const db = instanceIn(account, required(input, 'DBInstanceIdentifier', 'MissingParameter'), region);
    if (db.data.status === 'deleting')
      throw new FakeAwsError('InvalidDBInstanceStateFault', `Instance ${db.data.id} is not in available state.`);
    if (input.DeletionProtection !== undefined) db.data.deletionProtection = input.DeletionProtection;
    return { DBInstance: instanceDescription(db) };
  });
  handle(stub, account, 'rds', DeleteDBInstanceCommand, (input, region) => rdsCalls.deleteInstance(account, input, region));
  handle(stub, account, 'rds', DescribeDBClustersCommand, (input, region) => rdsCalls.describeClusters(account, input, region));
  handle(stub, account, 'rds', ModifyDBClusterCommand, (input, region) => rdsCalls.modifyCluster(account, input, region));
  handle(stub, account, 'rds', DeleteDBClusterCommand, (input, region) => rdsCalls.deleteCluster(account, input, region));
  handle(stub, account, 'rds', DescribeDBSnapshotsCommand, (input, region) => {
    if (input.DBSnapshotIdentifier)
      return { DBSnapshots: [dbSnapshotDescription(snapshotIn(account, input.DBSnapshotIdentifier, region, false))] };
    const { page: snapshots, next } = page(account, ofSnapshotType(account.list(RDS_SNAPSHOT, region), input), input);
    return { DBSnapshots: snapshots.map(dbSnapshotDescription), Marker: next };
  });
  handle(stub, account, 'rds', DescribeDBClusterSnapshotsCommand, (input, region) => {
    if (input.DBClusterSnapshotIdentifier) {
      return { DBClusterSnapshots: [clusterSnapshotDescription(snapshotIn(account, input.DBClusterSnapshotIdentifier, region, true))] };
    }
    const { page: snapshots, next } = page(account, ofSnapshotType(account.list(RDS_CLUSTER_SNAPSHOT, region), input), input);
    return { DBClusterSnapshots: snapshots.map(clusterSnapshotDescription), Marker: next };
  });
  handle(stub, account, 'rds', DescribeDBSnapshotAttributesCommand, (input, region) => {
    const s = snapshotIn(account, required(input, 'DBSnapshotIdentifier', 'MissingParameter'), region, false);
    return { DBSnapshotAttributesResult: { DBSnapshotIdentifier: s.data.id, DBSnapshotAttributes: restoreAttribute(s) } };
  });
  handle(stub, account, 'rds', DescribeDBClusterSnapshotAttributesCommand, (input, region) => {
    const s = snapshotIn(account, required(input, 'DBClusterSnapshotIdentifier', 'MissingParameter'), region, true);
    return {
      DBClusterSnapshotAttributesResult: { DBClusterSnapshotIdentifier: s.data.id, DBClusterSnapshotAttributes: restoreAttribute(s) },
    };
  });
  handle(stub, account, 'rds', DeleteDBSnapshotCommand, (input, region) => {
    const s = snapshotIn(account, required(input, 'DBSnapshotIdentifier', 'MissingParameter'), region, false);
    deleteSnapshot(account, s, false);
    return { DBSnapshot: { ...dbSnapshotDescription(s), Status: 'deleted' } };
  });
  handle(stub, account, 'rds', DeleteDBClusterSnapshotCommand, (input, region) => {
    const s = snapshotIn(account, required(input, 'DBClusterSnapshotIdentifier', 'MissingParameter'), region, true);
    deleteSnapshot(account, s, true);
    return { DBClusterSnapshot: { ...clusterSnapshotDescription(s), Status: 'deleted' } };
  });
  // Handled so that a per-resource tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'rds', ListTagsForResourceCommand, (input, region) => rdsCalls.listTags(account, input, region));
  handle(stub, account, 'rds', AddTagsToResourceCommand, (input, region) => rdsCalls.addTags(account, input, region));
  handle(stub, account, 'rds', RemoveTagsFromResourceCommand, (input, region) => rdsCalls.removeTags(account, input, region));
  return stub;
}
