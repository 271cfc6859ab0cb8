import { docdbCluster } from '../../lambda/resources/docdb-cluster';
import { installDocDb, seedDocDbCluster } from '../fakes/services/docdb';
import { installRds } from '../fakes/services/rds';
import { engineClusterSpecs, MARKED, NOW } from './engine-cluster-specs';
import { describePlugin, freezeDateAt } from './plugin-harness';

describePlugin(
  {
    type: docdbCluster,
    installers: [installDocDb, installRds],
    seed: (account, options) => seedDocDbCluster(account, options),
    deleteCommand: 'DeleteDBCluster',
    slowDeletion: true,
    completeCommand: 'DescribeDBClusters',
    describeCommand: 'DescribeDBClusters',
    goneError: 'DBClusterNotFoundFault',
    fullDeletion: {
      seed: (account) => seedDocDbCluster(account, { deletionProtection: true, tags: MARKED }),
      options: { backup: true, disableProtection: true },
    },
    tagActions: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    // The contract files every *Tag* command under the tag actions; this tag read is a read (see the declarations).
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    freezeDateAt(NOW);
    engineClusterSpecs(h, {
      type: docdbCluster,
      engine: 'docdb',
      seed: (account, options) => seedDocDbCluster(account, options),
      consoleUrl: 'https://eu-west-1.console.aws.amazon.com/docdb/home?region=eu-west-1#cluster-details/catalog',
      pricedClass: 'db.r5.large',
      pricedMonthly: 202,
    });
  },
);
