import {
  AddTagsToResourceCommand,
  type DBCluster,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  ListTagsForResourceCommand,
  ModifyDBClusterCommand,
  NeptuneClient,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeGlobalClusters,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-neptune';
import { consoleBase } from '../aws/arn';
import { MARK_TAG } from '../core/model';
import { tagsFromList } from '../core/tag-list';
import { theOne } from './configuration';
import { type ClusterFacts, type EngineClusterApi, engineClusterType, type MemberFacts } from './docdb-cluster';

/**
 * Neptune's DescribeDBClusters also returns RDS and DocumentDB clusters: the engine filter keeps
 * Neptune's (https://docs.aws.amazon.com/neptune/latest/apiref/API_DescribeDBClusters.html).
 */
const ENGINE_FILTER = [{ Name: 'engine', Values: ['neptune'] }];

const clusterFacts = (c: DBCluster): ClusterFacts[] =>
  c.DBClusterIdentifier && c.DBClusterArn
    ? [
        {
          id: c.DBClusterIdentifier,
          arn: c.DBClusterArn,
          status: c.Status,
          createdAt: c.ClusterCreateTime,
          deletionProtection: c.DeletionProtection ?? false,
          globalClusterId: c.GlobalClusterIdentifier,
        },
      ]
    : [];

const neptuneApi: EngineClusterApi = {
  async *clusters(clients) {
    // MaxRecords is 20-100.
    for await (const page of paginateDescribeDBClusters(
      { client: clients.get(NeptuneClient), pageSize: 100 },
      { Filters: ENGINE_FILTER },
    )) {
      yield (page.DBClusters ?? []).filter((c) => c.Engine === 'neptune').flatMap(clusterFacts);
    }
  },
  async cluster(clients, id) {
    const { DBClusters } = await clients.get(NeptuneClient).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
    const [facts] = clusterFacts(theOne(DBClusters, `Neptune cluster ${id}`));
    if (!facts) throw new Error(`Neptune cluster ${id} came without identifier or ARN`);
    return facts;
  },
  async members(clients, clusterId) {
    const filters = clusterId ? [{ Name: 'db-cluster-id', Values: [clusterId] }] : ENGINE_FILTER;
    const members: MemberFacts[] = [];
    for await (const page of paginateDescribeDBInstances({ client: clients.get(NeptuneClient), pageSize: 100 }, { Filters: filters })) {
      for (const db of page.DBInstances ?? []) {
        if (!db.DBInstanceIdentifier) continue;
        members.push({
          id: db.DBInstanceIdentifier,
          arn: db.DBInstanceArn,
          clusterId: db.DBClusterIdentifier,
          status: db.DBInstanceStatus,
          instanceClass: db.DBInstanceClass,
        });
      }
    }
    return members;
  },
  async globalMembers(clients) {
    const members = new Map<string, string>();
    for await (const page of paginateDescribeGlobalClusters({ client: clients.get(NeptuneClient), pageSize: 100 }, {})) {
      for (const g of page.GlobalClusters ?? []) {
        for (const m of g.GlobalClusterMembers ?? []) if (m.DBClusterArn) members.set(m.DBClusterArn, g.GlobalClusterIdentifier ?? '?');
      }
    }
    return members;
  },
  async tags(clients, arn) {
    return tagsFromList((await clients.get(NeptuneClient).send(new ListTagsForResourceCommand({ ResourceName: arn }))).TagList);
  },
  async setMark(clients, arn, value) {
    const client = clients.get(NeptuneClient);
    if (value === undefined) await client.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: [MARK_TAG] }));
    else await client.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: MARK_TAG, Value: value }] }));
  },
  async deleteMember(clients, id) {
    // A member takes no snapshot of its own; the cluster snapshot holds its data.
    await clients.get(NeptuneClient).send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: id, SkipFinalSnapshot: true }));
  },
  async disableProtection(clients, id) {
    await clients
      .get(NeptuneClient)
      .send(new ModifyDBClusterCommand({ DBClusterIdentifier: id, DeletionProtection: false, ApplyImmediately: true }));
  },
  async deleteCluster(clients, id, snapshotId) {
    const input = snapshotId
      ? { DBClusterIdentifier: id, SkipFinalSnapshot: false, FinalDBSnapshotIdentifier: snapshotId }
      : { DBClusterIdentifier: id, SkipFinalSnapshot: true };
    await clients.get(NeptuneClient).send(new DeleteDBClusterCommand(input));
  },
  async describe(clients, id) {
    const { DBClusters } = await clients.get(NeptuneClient).send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
    return theOne(DBClusters, `Neptune cluster ${id}`);
  },
};

/** Amazon Neptune (provisioned and serverless) clusters, with their member instances. */
export const neptuneCluster = engineClusterType({
  id: 'neptune:cluster',
  label: 'Neptune cluster',
  api: neptuneApi,
  consoleUrl: (r) => `${consoleBase(r.region)}/neptune/home?region=${r.region}#database:id=${encodeURIComponent(r.id)};is-cluster=true`,
  // https://aws.amazon.com/neptune/pricing/ (standard configuration); serverless capacity varies, so no estimate.
  instanceHourly: { 'db.t3.medium': 0.098, 'db.t4g.medium': 0.095, 'db.r5.large': 0.348, 'db.r6g.large': 0.317 },
});
