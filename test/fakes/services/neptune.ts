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
import { type FakeAccount, type FakeResource, fakeService, handle } from '../fake-account';
import { withoutTagList } from './docdb';
import { NEPTUNE_CLUSTER, rdsCalls, type SeedAuroraClusterOptions, seedAuroraCluster } from './rds';

/**
 * Amazon Neptune through its own client: RDS's API, endpoint and resources (`rds.ts`), answered
 * without the TagList Neptune's model does not have.
 */

export type SeedNeptuneClusterOptions = Omit<SeedAuroraClusterOptions, 'type' | 'engine' | 'serverlessMinAcu'>;

/** A Neptune cluster (`neptune:cluster`, tagging type `rds:cluster`) and its member instances (`rds:db`). */
export function seedNeptuneCluster(account: FakeAccount, options: SeedNeptuneClusterOptions = {}): FakeResource {
  return seedAuroraCluster(account, { memberClasses: ['db.t3.medium'], ...options, engine: 'neptune', type: NEPTUNE_CLUSTER });
}

export function installNeptune(account: FakeAccount) {
  const stub = fakeService(NeptuneClient, account);
  handle(stub, account, 'rds', DescribeDBClustersCommand, (input, region) => {
    const { DBClusters, Marker } = rdsCalls.describeClusters(account, input, region);
    return { DBClusters: DBClusters.map(withoutTagList), Marker };
  });
  handle(stub, account, 'rds', DescribeDBInstancesCommand, (input, region) => {
    const { DBInstances, Marker } = rdsCalls.describeInstances(account, input, region);
    return { DBInstances: DBInstances.map(withoutTagList), Marker };
  });
  handle(stub, account, 'rds', DescribeGlobalClustersCommand, (input) => rdsCalls.describeGlobalClusters(account, input));
  handle(stub, account, 'rds', ModifyDBClusterCommand, (input, region) => {
    rdsCalls.modifyCluster(account, input, region);
    return {};
  });
  handle(stub, account, 'rds', DeleteDBInstanceCommand, (input, region) => {
    rdsCalls.deleteInstance(account, input, region);
    return {};
  });
  handle(stub, account, 'rds', DeleteDBClusterCommand, (input, region) => {
    rdsCalls.deleteCluster(account, input, region);
    return {};
  });
  handle(stub, account, 'rds', ListTagsForResourceCommand, (input, region) => rdsCalls.listTags(account, input, region));
  handle(stub, account, 'rds', AddTagsToResourceCommand, (input, region) => rdsCalls.addTags(account, input, region));
  handle(stub, account, 'rds', RemoveTagsFromResourceCommand, (input, region) => rdsCalls.removeTags(account, input, region));
  return stub;
}
