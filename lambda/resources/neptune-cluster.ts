import {
  AddTagsToResourceCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeGlobalClustersCommand,
  ListTagsForResourceCommand,
  ModifyDBClusterCommand,
  NeptuneClient,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-neptune';
import { consoleBase } from '../aws/arn';
import { engineClusterType } from './docdb-cluster';
import { rdsFamilyApi } from './rds-family-api';

/**
 * Neptune's DescribeDBClusters also returns RDS and DocumentDB clusters: the engine filter keeps
 * Neptune's (https://docs.aws.amazon.com/neptune/latest/apiref/API_DescribeDBClusters.html).
 * A member takes no snapshot of its own; the cluster snapshot holds its data.
 */
const neptuneApi = rdsFamilyApi(
  {
    Client: NeptuneClient,
    DescribeDBClustersCommand,
    DescribeDBInstancesCommand,
    DescribeGlobalClustersCommand,
    ListTagsForResourceCommand,
    AddTagsToResourceCommand,
    RemoveTagsFromResourceCommand,
    DeleteDBInstanceCommand,
    ModifyDBClusterCommand,
    DeleteDBClusterCommand,
  },
  { engine: 'neptune', label: 'Neptune cluster', memberDeleteInput: { SkipFinalSnapshot: true } },
);

/** Amazon Neptune (provisioned and serverless) clusters, with their member instances. */
export const neptuneCluster = engineClusterType({
  id: 'neptune:cluster',
  label: 'Neptune cluster',
  api: neptuneApi,
  consoleUrl: (r) => `${consoleBase(r.region)}/neptune/home?region=${r.region}#database:id=${encodeURIComponent(r.id)};is-cluster=true`,
  // https://aws.amazon.com/neptune/pricing/ (standard configuration); serverless capacity varies, so no estimate.
  instanceHourly: { 'db.t3.medium': 0.098, 'db.t4g.medium': 0.095, 'db.r5.large': 0.348, 'db.r6g.large': 0.317 },
});
