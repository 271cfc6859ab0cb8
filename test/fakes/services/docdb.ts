import {
  AddTagsToResourceCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeGlobalClustersCommand,
  DocDBClient,
  ListTagsForResourceCommand,
  ModifyDBClusterCommand,
  RemoveTagsFromResourceCommand,
} from '@aws-sdk/client-docdb';
import { type FakeAccount, type FakeResource, fakeService, handle } from '../fake-account';
import { DOCDB_CLUSTER, rdsCalls, type SeedAuroraClusterOptions, seedAuroraCluster } from './rds';

/**
 * Amazon DocumentDB through its own client. DocumentDB shares RDS's API (version 2014-10-31),
 * endpoint and resources, so every call is RDS's (`rds.ts`), answered without the TagList
 * DocumentDB's model does not have: tags come from ListTagsForResource only.
 */

export type SeedDocDbClusterOptions = Omit<SeedAuroraClusterOptions, 'type' | 'engine' | 'serverlessMinAcu'>;

/** A DocumentDB cluster (`docdb:cluster`, tagging type `rds:cluster`) and its member instances (`rds:db`). */
export function seedDocDbCluster(account: FakeAccount, options: SeedDocDbClusterOptions = {}): FakeResource {
  return seedAuroraCluster(account, { memberClasses: ['db.t3.medium'], ...options, engine: 'docdb', type: DOCDB_CLUSTER });
}

/** Without TagList, which DocumentDB's DBCluster and DBInstance do not carry. */
export function withoutTagList<T extends { TagList?: unknown }>(item: T): Omit<T, 'TagList'> {
  const { TagList: _tags, ...rest } = item;
  return rest;
}

export function installDocDb(account: FakeAccount) {
  const stub = fakeService(DocDBClient, account);
  handle(stub, account, 'rds', DescribeDBClustersCommand, (input, region) => {
    const { DBClusters, Marker } = rdsCalls.describeClusters(account, input, region);
    return { DBClusters: DBClusters.map(({ GlobalClusterIdentifier: _global, ...c }) => withoutTagList(c)), Marker };
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
