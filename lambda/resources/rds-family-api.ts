// The shapes only: DocumentDB's and Neptune's SDKs model the same RDS API with the same members.
import type { DBCluster, DBInstance, GlobalCluster, Tag } from '@aws-sdk/client-docdb';
import type { AwsClients, ClientClass } from '../aws/clients';
import { MARK_TAG, type Tags } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { theOne } from './configuration';

/** Any command class of the engine's SDK; each is sent with the input its API reference names. */
type Command = new (input: never) => unknown;

/** A cluster as the plug-in needs it, whichever client read it. */
export interface ClusterFacts {
  readonly id: string;
  readonly arn: string;
  readonly status?: string;
  readonly createdAt?: Date;
  readonly deletionProtection: boolean;
  /** Neptune names its global database on the cluster; DocumentDB only in DescribeGlobalClusters. */
  readonly globalClusterId?: string;
}

export interface MemberFacts {
  readonly id: string;
  readonly arn?: string;
  readonly clusterId?: string;
  readonly status?: string;
  readonly instanceClass?: string;
}

/** The calls of one engine's client (DocumentDB's, Neptune's), each filtered to that engine. */
export interface EngineClusterApi {
  clusters(clients: AwsClients): AsyncIterable<ClusterFacts[]>;
  /** Throws DBClusterNotFoundFault for a cluster that is gone. */
  cluster(clients: AwsClients, id: string): Promise<ClusterFacts>;
  /** The engine's instances, or one cluster's. */
  members(clients: AwsClients, clusterId?: string): Promise<MemberFacts[]>;
  /** Cluster ARN to global cluster id, for every member of a global cluster. */
  globalMembers(clients: AwsClients): Promise<Map<string, string>>;
  tags(clients: AwsClients, arn: string): Promise<Tags>;
  setMark(clients: AwsClients, arn: string, value: string | undefined): Promise<void>;
  deleteMember(clients: AwsClients, id: string): Promise<void>;
  disableProtection(clients: AwsClients, id: string): Promise<void>;
  deleteCluster(clients: AwsClients, id: string, snapshotId: string | undefined): Promise<void>;
  describe(clients: AwsClients, id: string): Promise<unknown>;
}

/** One engine's SDK: its client and the RDS-API commands the cluster type sends. */
export interface RdsFamilySdk {
  readonly Client: ClientClass<{ send(command: unknown): Promise<unknown> }>;
  readonly DescribeDBClustersCommand: Command;
  readonly DescribeDBInstancesCommand: Command;
  readonly DescribeGlobalClustersCommand: Command;
  readonly ListTagsForResourceCommand: Command;
  readonly AddTagsToResourceCommand: Command;
  readonly RemoveTagsFromResourceCommand: Command;
  readonly DeleteDBInstanceCommand: Command;
  readonly ModifyDBClusterCommand: Command;
  readonly DeleteDBClusterCommand: Command;
}

export interface RdsFamilyEngine {
  /** The `engine` value, e.g. `docdb`: the engine's DescribeDBClusters also returns the others' clusters. */
  readonly engine: string;
  /** e.g. "DocumentDB cluster", in errors. */
  readonly label: string;
  /** Extra DeleteDBInstance input (Neptune's members take no snapshot of their own). */
  readonly memberDeleteInput?: object;
}

/** MaxRecords is 20-100 for each of these calls. */
const PAGE = 100;

async function* pages<T extends { Marker?: string }>(send: (marker?: string) => Promise<T>): AsyncGenerator<T> {
  let marker: string | undefined;
  do {
    const page = await send(marker);
    yield page;
    marker = page.Marker || undefined;
  } while (marker);
}

const clusterFacts = (c: DBCluster & { GlobalClusterIdentifier?: string }): ClusterFacts[] =>
  c.DBClusterIdentifier && c.DBClusterArn
    ? [
        {
          id: c.DBClusterIdentifier,
          arn: c.DBClusterArn,
          status: c.Status,
          createdAt: c.ClusterCreateTime,
          deletionProtection: c.DeletionProtection ?? false,
          ...(c.GlobalClusterIdentifier ? { globalClusterId: c.GlobalClusterIdentifier } : {}),
        },
      ]
    : [];

const memberFacts = (db: DBInstance): MemberFacts[] =>
  db.DBInstanceIdentifier
    ? [
        {
          id: db.DBInstanceIdentifier,
          arn: db.DBInstanceArn,
          clusterId: db.DBClusterIdentifier,
          status: db.DBInstanceStatus,
          instanceClass: db.DBInstanceClass,
        },
      ]
    : [];

/** The cluster type's calls through one engine's SDK, each filtered to that engine. */
export function rdsFamilyApi(sdk: RdsFamilySdk, engine: RdsFamilyEngine): EngineClusterApi {
  const send = <T>(clients: AwsClients, Command: Command, input: object) =>
    clients.get(sdk.Client).send(new (Command as new (input: object) => unknown)(input)) as Promise<T & { Marker?: string }>;
  const engineFilter = [{ Name: 'engine', Values: [engine.engine] }];
  const describe = async (clients: AwsClients, id: string) => {
    const { DBClusters } = await send<{ DBClusters?: DBCluster[] }>(clients, sdk.DescribeDBClustersCommand, { DBClusterIdentifier: id });
    return theOne(DBClusters, `${engine.label} ${id}`);
  };
  return {
    async *clusters(clients) {
      const read = (Marker?: string) =>
        send<{ DBClusters?: DBCluster[] }>(clients, sdk.DescribeDBClustersCommand, { Filters: engineFilter, MaxRecords: PAGE, Marker });
      for await (const page of pages(read)) {
        yield (page.DBClusters ?? []).filter((c) => c.Engine === engine.engine).flatMap(clusterFacts);
      }
    },
    async cluster(clients, id) {
      const [facts] = clusterFacts(await describe(clients, id));
      if (!facts) throw new Error(`${engine.label} ${id} came without identifier or ARN`);
      return facts;
    },
    async members(clients, clusterId) {
      const Filters = clusterId ? [{ Name: 'db-cluster-id', Values: [clusterId] }] : engineFilter;
      const read = (Marker?: string) =>
        send<{ DBInstances?: DBInstance[] }>(clients, sdk.DescribeDBInstancesCommand, { Filters, MaxRecords: PAGE, Marker });
      const members: MemberFacts[] = [];
      for await (const page of pages(read)) members.push(...(page.DBInstances ?? []).flatMap(memberFacts));
      return members;
    },
    async globalMembers(clients) {
      const read = (Marker?: string) =>
        send<{ GlobalClusters?: GlobalCluster[] }>(clients, sdk.DescribeGlobalClustersCommand, { MaxRecords: PAGE, Marker });
      const members = new Map<string, string>();
      for await (const page of pages(read)) {
        for (const g of page.GlobalClusters ?? []) {
          for (const m of g.GlobalClusterMembers ?? []) if (m.DBClusterArn) members.set(m.DBClusterArn, g.GlobalClusterIdentifier ?? '?');
        }
      }
      return members;
    },
    async tags(clients, arn) {
      return tagsFromList((await send<{ TagList?: Tag[] }>(clients, sdk.ListTagsForResourceCommand, { ResourceName: arn })).TagList);
    },
    async setMark(clients, arn, value) {
      if (value === undefined) await send(clients, sdk.RemoveTagsFromResourceCommand, { ResourceName: arn, TagKeys: [MARK_TAG] });
      else await send(clients, sdk.AddTagsToResourceCommand, { ResourceName: arn, Tags: [{ Key: MARK_TAG, Value: value }] });
    },
    async deleteMember(clients, id) {
      await send(clients, sdk.DeleteDBInstanceCommand, { DBInstanceIdentifier: id, ...engine.memberDeleteInput });
    },
    async disableProtection(clients, id) {
      await send(clients, sdk.ModifyDBClusterCommand, { DBClusterIdentifier: id, DeletionProtection: false, ApplyImmediately: true });
    },
    async deleteCluster(clients, id, snapshotId) {
      const input = snapshotId
        ? { DBClusterIdentifier: id, SkipFinalSnapshot: false, FinalDBSnapshotIdentifier: snapshotId }
        : { DBClusterIdentifier: id, SkipFinalSnapshot: true };
      await send(clients, sdk.DeleteDBClusterCommand, input);
    },
    describe,
  };
}
