import {
  DeleteFargateProfileCommand,
  DescribeFargateProfileCommand,
  EKSClient,
  type FargateProfile,
  paginateListClusters,
  paginateListFargateProfiles,
} from '@aws-sdk/client-eks';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { unlessClusterGone } from './eks-cluster';
import { readEach } from './per-resource-reads';
import type { ResourceType } from './resource-type';

const TYPE = 'eks:fargateprofile';

/** A cluster's Fargate profile names, every page; none when the cluster went meanwhile. */
async function profileNames(eks: EKSClient, clusterName: string): Promise<string[]> {
  const names: string[] = [];
  const listed = await unlessClusterGone(async () => {
    for await (const page of paginateListFargateProfiles({ client: eks, pageSize: 100 }, { clusterName })) {
      names.push(...(page.fargateProfileNames ?? []));
    }
    return true;
  });
  return listed ? names : [];
}

function resourceOf(profile: FargateProfile, target: { region: string; accountId: string }): Resource | undefined {
  const { fargateProfileName: name, fargateProfileArn: arn, clusterName, status } = profile;
  if (!name || !arn || !clusterName || status === 'DELETING') return undefined;
  return {
    type: TYPE,
    arn,
    id: name,
    name,
    region: target.region,
    accountId: target.accountId,
    createdAt: profile.createdAt,
    tags: profile.tags ?? {},
    details: { clusterName, status, namespaces: (profile.selectors ?? []).map((s) => s.namespace ?? '*').join(',') },
  };
}

/**
 * EKS Fargate profiles: which pods of a cluster run on Fargate. Tagging API type `eks:fargateprofile`,
 * ARN `arn:aws:eks:{region}:{account}:fargateprofile/{cluster}/{name}/{uuid}`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html).
 * The UUID is in no list call, so each profile is described while listing, tags included. Its
 * cluster cannot be deleted before it.
 */
export const eksFargateProfile: ResourceType = {
  id: TYPE,
  label: 'EKS Fargate profile',
  // DescribeFargateProfile, made for every profile to learn its ARN, returns its tags.
  tagsFromList: true,
  // Before its cluster (70).
  deletionOrder: 15,
  iam: {
    read: ['eks:ListClusters', 'eks:ListFargateProfiles', 'eks:DescribeFargateProfile'],
    tag: ['eks:TagResource', 'eks:UntagResource'],
    delete: ['eks:DeleteFargateProfile'],
  },

  async *list(clients) {
    const eks = clients.get(EKSClient);
    const { region, accountId } = clients.target;
    for await (const page of paginateListClusters({ client: eks, pageSize: 100 }, {})) {
      for (const clusterName of page.clusters ?? []) {
        const profiles = await readEach(await profileNames(eks, clusterName), async (fargateProfileName) => {
          const described = await unlessClusterGone(() => eks.send(new DescribeFargateProfileCommand({ clusterName, fargateProfileName })));
          return described?.fargateProfile && resourceOf(described.fargateProfile, { region, accountId });
        });
        yield* profiles;
      }
    }
  },

  async delete(clients, resource) {
    // Only one profile of a cluster may be deleting at a time: EKS answers ResourceInUseException
    // for the next, retried in a later wave (https://docs.aws.amazon.com/eks/latest/APIReference/API_DeleteFargateProfile.html).
    const input = { clusterName: String(resource.details?.clusterName), fargateProfileName: resource.id };
    await clients.get(EKSClient).send(new DeleteFargateProfileCommand(input));
    return { status: 'started', note: 'deletion started; its pods are stopped, and rescheduled only if another profile matches them' };
  },

  consoleUrl: (r) =>
    `${consoleBase(r.region)}/eks/clusters/${encodeURIComponent(String(r.details?.clusterName))}/fargate-profiles/${encodeURIComponent(r.id)}?region=${r.region}`,

  costHint: () => 'no charge itself (its pods bill per vCPU- and GB-hour)',
};
