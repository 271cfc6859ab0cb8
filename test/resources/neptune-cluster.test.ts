import { neptuneCluster } from '../../lambda/resources/neptune-cluster';
import { installNeptune, seedNeptuneCluster } from '../fakes/services/neptune';
import { installRds } from '../fakes/services/rds';
import { engineClusterSpecs, MARKED, NOW } from './engine-cluster-specs';
import { describePlugin, freezeDateAt } from './plugin-harness';

describePlugin(
  {
    type: neptuneCluster,
    installers: [installNeptune, installRds],
    seed: (account, options) => seedNeptuneCluster(account, options),
    deleteCommand: 'DeleteDBCluster',
    slowDeletion: true,
    completeCommand: 'DescribeDBClusters',
    describeCommand: 'DescribeDBClusters',
    goneError: 'DBClusterNotFoundFault',
    fullDeletion: {
      seed: (account) => seedNeptuneCluster(account, { deletionProtection: true, tags: MARKED }),
      options: { backup: true, disableProtection: true },
    },
    tagActions: ['rds:AddTagsToResource', 'rds:RemoveTagsFromResource'],
    // The contract files every *Tag* command under the tag actions; this tag read is a read (see the declarations).
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    freezeDateAt(NOW);
    engineClusterSpecs(h, {
      type: neptuneCluster,
      engine: 'neptune',
      seed: (account, options) => seedNeptuneCluster(account, options),
      consoleUrl: 'https://eu-west-1.console.aws.amazon.com/neptune/home?region=eu-west-1#database:id=catalog;is-cluster=true',
      pricedClass: 'db.r5.large',
      pricedMonthly: 254,
    });
  },
);
