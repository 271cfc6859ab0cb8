import {
  type Cluster,
  DeleteClusterCommand,
  DescribeClusterCommand,
  EKSClient,
  paginateListClusters,
  paginateListFargateProfiles,
  paginateListNodegroups,
  UpdateClusterConfigCommand,
} from '@aws-sdk/client-eks';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { configurationOr } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, type DeletionOutcome, RetryLaterError } from './resource-type';

const NOT_FOUND = 'ResourceNotFoundException';

/** A read of one cluster (or its children); undefined when EKS no longer knows the cluster. */
export async function unlessClusterGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as { name?: string }).name === NOT_FOUND) return undefined;
    throw error;
  }
}

/** The names of every page of a per-cluster listing. */
async function allNames<P>(pages: AsyncIterable<P>, names: (page: P) => readonly string[] | undefined): Promise<string[]> {
  const all: string[] = [];
  for await (const page of pages) all.push(...(names(page) ?? []));
  return all;
}

/** The managed node groups and Fargate profiles still attached to a cluster. */
async function attachedTo(eks: EKSClient, clusterName: string): Promise<string[]> {
  const nodegroups = await allNames(paginateListNodegroups({ client: eks, pageSize: 100 }, { clusterName }), (p) => p.nodegroups);
  const profiles = await allNames(
    paginateListFargateProfiles({ client: eks, pageSize: 100 }, { clusterName }),
    (p) => p.fargateProfileNames,
  );
  return [...nodegroups.map((n) => `node group ${n}`), ...profiles.map((p) => `Fargate profile ${p}`)];
}

function completedCluster(listed: Resource, cluster: Cluster): Resource {
  return {
    ...completedResource(listed, {
      createdAt: cluster.createdAt,
      details: {
        status: cluster.status,
        version: cluster.version,
        deletionProtection: cluster.deletionProtection === true,
        supportType: cluster.upgradePolicy?.supportType,
      },
    }),
    tags: cluster.tags ?? {},
  };
}

/** With `disableProtection`: switch deletion protection off (an asynchronous update), delete on a later attempt. */
async function withoutProtection(eks: EKSClient, resource: Resource, disable: boolean): Promise<DeletionOutcome | undefined> {
  const { cluster } = await eks.send(new DescribeClusterCommand({ name: resource.id }));
  if (cluster?.deletionProtection !== true) return undefined;
  if (!disable) return { status: 'skipped', reason: 'deletion protection is on (deletion.disableProtection switches it off first)' };
  await eks.send(new UpdateClusterConfigCommand({ name: resource.id, deletionProtection: false }));
  throw new RetryLaterError('switching deletion protection off; deleted once the update is done');
}

/**
 * EKS clusters: the control plane bills by the hour whatever runs on it. Tagging API type
 * `eks:cluster`, ARN `arn:aws:eks:{region}:{account}:cluster/{name}`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html).
 * Deleted after its managed node groups and Fargate profiles, which are types of their own.
 */
export const eksCluster = pagedType({
  id: 'eks:cluster',
  label: 'EKS cluster',
  // ListClusters returns names only; DescribeCluster, per candidate, returns the tags.
  tagsFromList: false,
  completeReadsTags: true,
  // After its node groups and Fargate profiles (15), before security groups (80).
  deletionOrder: 70,
  iam: {
    read: ['eks:ListClusters', 'eks:DescribeCluster', 'eks:ListNodegroups', 'eks:ListFargateProfiles'],
    tag: ['eks:TagResource', 'eks:UntagResource'],
    delete: ['eks:DeleteCluster', 'eks:UpdateClusterConfig'],
  },

  listing: {
    // maxResults is 1-100; `include` left out: connected (external) clusters are not EKS's to delete
    // (https://docs.aws.amazon.com/eks/latest/APIReference/API_ListClusters.html).
    pages: (clients) => paginateListClusters({ client: clients.get(EKSClient), pageSize: 100 }, {}),
    items: (page) => page.clusters,
    resource: (name, { region, accountId }) => ({
      arn: buildArn('eks', region, accountId, `cluster/${name}`),
      id: name,
      name,
      needsCompletion: true,
    }),
  },

  async complete(clients, resources) {
    const eks = clients.get(EKSClient);
    return readEach(resources, async (resource) => {
      const cluster = (await unlessClusterGone(() => eks.send(new DescribeClusterCommand({ name: resource.id }))))?.cluster;
      if (!cluster || cluster.status === 'DELETING') return undefined;
      if (cluster.arn !== resource.arn) throw new Error(`DescribeCluster gave ${cluster.arn} for ${resource.arn}`);
      return completedCluster(resource, cluster);
    });
  },

  async delete(clients, resource, options) {
    const eks = clients.get(EKSClient);
    const protectedOutcome = await withoutProtection(eks, resource, options.disableProtection);
    if (protectedOutcome) return protectedOutcome;
    // EKS refuses (ResourceInUseException) while node groups or Fargate profiles are attached
    // (https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteCluster.html).
    const attached = await attachedTo(eks, resource.id);
    if (attached.length > 0) throw new RetryLaterError(`${attached.join(', ')} still attached; deleted once they are gone`);
    await eks.send(new DeleteClusterCommand({ name: resource.id }));
    return { status: 'started', note: 'deletion started; load balancers and volumes its controllers made are not deleted with it' };
  },

  // The cluster as EKS describes it (version, networking, logging, access, add-on settings), CA data left out.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { cluster } = await clients.get(EKSClient).send(new DescribeClusterCommand({ name: resource.id }));
      const { certificateAuthority: _ca, ...rest } = cluster ?? {};
      return { cluster: rest };
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/eks/clusters/${encodeURIComponent(r.id)}?region=${r.region}`,

  // $0.10 per cluster-hour, $0.60 in extended support (https://aws.amazon.com/eks/pricing/).
  costHint: (r) =>
    r.details?.supportType === 'EXTENDED'
      ? '~$73/month + nodes (~$438/month once its version is in extended support)'
      : '~$73/month + nodes',
});
