import {
  DeleteWorkgroupCommand,
  GetWorkgroupCommand,
  ListTagsForResourceCommand,
  paginateListWorkgroups,
  RedshiftServerlessClient,
  type Workgroup,
} from '@aws-sdk/client-redshift-serverless';
import { consoleBase } from '../aws/arn';
import type { Resource, Tags } from '../core/model';
import { configurationOr, noneIf } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource } from './resource-type';

/** A workgroup or namespace on its way out is not inventory. */
export const SERVERLESS_GONE_STATUSES = new Set(['DELETING']);

/** What Redshift Serverless answers for a workgroup or namespace that no longer exists. */
const NOT_FOUND = ['ResourceNotFoundException'];

/**
 * A workgroup's or namespace's own tags, `{key, value}` pairs, for `complete`: the tagging API is
 * not known to return Redshift Serverless reliably, so a gap there must not look like "never tagged".
 * Undefined when the resource is gone.
 */
export async function serverlessTags(client: RedshiftServerlessClient, arn: string): Promise<Tags | undefined> {
  const output = await noneIf(NOT_FOUND, () => client.send(new ListTagsForResourceCommand({ resourceArn: arn })));
  if (!output) return undefined;
  return Object.fromEntries((output.tags ?? []).flatMap((t) => (t.key === undefined ? [] : [[t.key, t.value ?? '']])));
}

/** The listed resource with what `complete` read: facts, and the service's own tags. */
export function completedWithTags(listed: Resource, facts: Pick<Partial<Resource>, 'createdAt' | 'details'>, tags: Tags): Resource {
  return { ...completedResource(listed, facts), tags };
}

async function getWorkgroup(client: RedshiftServerlessClient, name: string): Promise<Workgroup | undefined> {
  return (await noneIf(NOT_FOUND, () => client.send(new GetWorkgroupCommand({ workgroupName: name }))))?.workgroup;
}

const workgroupDetails = (w: Workgroup) => ({
  status: w.status,
  namespace: w.namespaceName,
  baseCapacityRpu: w.baseCapacity,
  maxCapacityRpu: w.maxCapacity,
});

/** Redshift Serverless workgroups (compute); their namespace (data) is its own type and goes after them. */
export const redshiftServerlessWorkgroup = pagedType({
  // Tagging API type `redshift-serverless:workgroup`, ARN `arn:aws:redshift-serverless:{region}:{account}:workgroup/{uuid}`
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftserverless.html).
  id: 'redshift-serverless:workgroup',
  label: 'Redshift Serverless workgroup',
  // ListWorkgroups returns no tags: `complete` reads them with ListTagsForResource.
  tagsFromList: false,
  completeReadsTags: true,
  iam: {
    read: ['redshift-serverless:ListWorkgroups', 'redshift-serverless:GetWorkgroup', 'redshift-serverless:ListTagsForResource'],
    tag: ['redshift-serverless:TagResource', 'redshift-serverless:UntagResource'],
    delete: ['redshift-serverless:DeleteWorkgroup'],
  },
  // Before its namespace (60), which Redshift Serverless refuses to delete while a workgroup uses it.
  deletionOrder: 40,

  listing: {
    // maxResults is 1-100 (https://docs.aws.amazon.com/redshift-serverless/latest/APIReference/API_ListWorkgroups.html).
    pages: (clients) => paginateListWorkgroups({ client: clients.get(RedshiftServerlessClient), pageSize: 100 }, {}),
    items: (page) => page.workgroups,
    resource: (w) => {
      if (!w.workgroupName || !w.workgroupArn || SERVERLESS_GONE_STATUSES.has(w.status ?? '')) return undefined;
      return { arn: w.workgroupArn, id: w.workgroupName, name: w.workgroupName, details: workgroupDetails(w), needsCompletion: true };
    },
  },

  // GetWorkgroup (state, creation time) and ListTagsForResource for each candidate.
  async complete(clients, resources) {
    const client = clients.get(RedshiftServerlessClient);
    return readEach(resources, async (resource) => {
      const workgroup = await getWorkgroup(client, resource.id);
      if (!workgroup || SERVERLESS_GONE_STATUSES.has(workgroup.status ?? '')) return undefined;
      const tags = await serverlessTags(client, resource.arn);
      if (!tags) return undefined;
      return completedWithTags(resource, { createdAt: workgroup.creationDate, details: workgroupDetails(workgroup) }, tags);
    });
  },

  async delete(clients, resource) {
    await clients.get(RedshiftServerlessClient).send(new DeleteWorkgroupCommand({ workgroupName: resource.id }));
    return { status: 'started', note: `deletion takes several minutes; namespace ${resource.details?.namespace ?? '?'} and its data stay` };
  },

  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { workgroup } = await clients.get(RedshiftServerlessClient).send(new GetWorkgroupCommand({ workgroupName: resource.id }));
      return workgroup;
    }),

  consoleUrl: (r) =>
    `${consoleBase(r.region)}/redshiftv2/home?region=${r.region}#serverless-workgroup-details?workgroup=${encodeURIComponent(r.id)}`,

  // $0.375 per RPU-hour in us-east-1, billed per second while queries run (https://aws.amazon.com/redshift/pricing/).
  costHint: (r) => {
    const base = Number(r.details?.baseCapacityRpu);
    if (!Number.isFinite(base) || base <= 0) return undefined;
    return `~$${Math.round(base * 0.375)}/hour while queries run (${base} RPUs base) + storage`;
  },
});
