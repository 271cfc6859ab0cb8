import {
  DeleteNamespaceCommand,
  GetNamespaceCommand,
  type Namespace,
  paginateListNamespaces,
  paginateListWorkgroups,
  RedshiftServerlessClient,
} from '@aws-sdk/client-redshift-serverless';
import { consoleBase } from '../aws/arn';
import { configurationOr, noneIf } from './configuration';
import { finalSnapshotIdentifier } from './final-backup-name';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedWithTags, SERVERLESS_GONE_STATUSES, serverlessTags } from './redshift-serverless-workgroup';
import { RetryLaterError } from './resource-type';

async function getNamespace(client: RedshiftServerlessClient, name: string): Promise<Namespace | undefined> {
  const output = await noneIf(['ResourceNotFoundException'], () => client.send(new GetNamespaceCommand({ namespaceName: name })));
  return output?.namespace;
}

/** Workgroups (any state, a deleting one included) that still use the namespace. */
async function workgroupsOf(client: RedshiftServerlessClient, namespace: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListWorkgroups({ client, pageSize: 100 }, {})) {
    for (const w of page.workgroups ?? []) if (w.namespaceName === namespace && w.workgroupName) names.push(w.workgroupName);
  }
  return names;
}

/** Redshift Serverless namespaces: the databases and their storage, deleted with a final snapshot. */
export const redshiftServerlessNamespace = pagedType({
  // Tagging API type `redshift-serverless:namespace`, ARN `arn:aws:redshift-serverless:{region}:{account}:namespace/{uuid}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftserverless.html).
  id: 'redshift-serverless:namespace',
  label: 'Redshift Serverless namespace',
  // ListNamespaces returns no tags: `complete` reads them with ListTagsForResource.
  tagsFromList: false,
  completeReadsTags: true,
  iam: {
    read: [
      'redshift-serverless:ListNamespaces',
      'redshift-serverless:GetNamespace',
      'redshift-serverless:ListTagsForResource',
      'redshift-serverless:ListWorkgroups',
    ],
    tag: ['redshift-serverless:TagResource', 'redshift-serverless:UntagResource'],
    // DeleteNamespace authorizes against the namespace only, its final snapshot included in the call.
    delete: ['redshift-serverless:DeleteNamespace'],
  },
  // After its workgroups (40).
  deletionOrder: 60,

  listing: {
    // maxResults is 1-100 (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_ListNamespaces.html).
    pages: (clients) => paginateListNamespaces({ client: clients.get(RedshiftServerlessClient), pageSize: 100 }, {}),
    items: (page) => page.namespaces,
    resource: (ns) => {
      if (!ns.namespaceName || !ns.namespaceArn || SERVERLESS_GONE_STATUSES.has(ns.status ?? '')) return undefined;
      return { arn: ns.namespaceArn, id: ns.namespaceName, name: ns.namespaceName, details: { status: ns.status }, needsCompletion: true };
    },
  },

  // GetNamespace (state, creation time) and ListTagsForResource for each candidate.
  async complete(clients, resources) {
    const client = clients.get(RedshiftServerlessClient);
    return readEach(resources, async (resource) => {
      const namespace = await getNamespace(client, resource.id);
      if (!namespace || SERVERLESS_GONE_STATUSES.has(namespace.status ?? '')) return undefined;
      const tags = await serverlessTags(client, resource.arn);
      if (!tags) return undefined;
      return completedWithTags(resource, { createdAt: namespace.creationDate, details: { status: namespace.status } }, tags);
    });
  },

  async delete(clients, resource, options) {
    const client = clients.get(RedshiftServerlessClient);
    // Redshift Serverless refuses (ConflictException) while a workgroup, even a deleting one, uses it.
    const workgroups = await workgroupsOf(client, resource.id);
    if (workgroups.length > 0) throw new RetryLaterError(`namespace still used by workgroup(s) ${workgroups.join(', ')}`);
    if (!options.backup) {
      await client.send(new DeleteNamespaceCommand({ namespaceName: resource.id }));
      return { status: 'started', note: 'deletion takes several minutes; no final snapshot (backups are off)' };
    }
    const snapshotName = finalSnapshotIdentifier(resource.id, new Date());
    // Without finalSnapshotRetentionPeriod the snapshot is kept until deleted by hand.
    await client.send(new DeleteNamespaceCommand({ namespaceName: resource.id, finalSnapshotName: snapshotName }));
    return { status: 'started', note: 'final snapshot, then deletion: several minutes', backup: `final snapshot ${snapshotName}` };
  },

  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { namespace } = await clients.get(RedshiftServerlessClient).send(new GetNamespaceCommand({ namespaceName: resource.id }));
      return namespace;
    }),

  consoleUrl: (r) =>
    `${consoleBase(r.region)}/redshiftv2/home?region=${r.region}#serverless-namespace-details?namespace=${encodeURIComponent(r.id)}`,

  // Managed storage, $0.024/GB-month in us-east-1 (https://aws.amazon.com/redshift/pricing/).
  costHint: () => '$0.024/GB-month of managed storage',
});
