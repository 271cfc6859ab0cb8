import { DeleteRepositoryCommand, ECRClient, ListImagesCommand, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

const TYPE = 'ecr:repository';

/**
 * Private ECR repositories. Tags come from the engine's GetResources sweep: DescribeRepositories
 * does not return them (ListTagsForResource would be one call per repository).
 */
export const ecrRepository: ResourceType = {
  id: TYPE,
  label: 'ECR repository',
  tagsFromList: false,
  iam: {
    read: ['ecr:DescribeRepositories'],
    tag: ['ecr:TagResource', 'ecr:UntagResource'],
    delete: ['ecr:ListImages', 'ecr:DeleteRepository'],
  },
  // After ECS services (10), whose task definitions may pull from it; nothing depends on it for deletion.
  deletionOrder: 60,

  async *list(clients) {
    const { region, accountId } = clients.target;
    for await (const page of paginateDescribeRepositories({ client: clients.get(ECRClient), pageSize: 1000 }, {})) {
      for (const repository of page.repositories ?? []) {
        if (!repository.repositoryArn || !repository.repositoryName) continue;
        yield {
          type: TYPE,
          arn: repository.repositoryArn,
          id: repository.repositoryName,
          name: repository.repositoryName,
          region,
          accountId,
          createdAt: repository.createdAt,
          tags: {},
          details: { uri: repository.repositoryUri },
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource) {
    const ecr = clients.get(ECRClient);
    // Images are build artefacts that may be impossible to rebuild; the janitor never deletes them.
    // One image is enough to know; DeleteRepository without `force` would refuse anyway.
    const { imageIds } = await ecr.send(new ListImagesCommand({ repositoryName: resource.id, maxResults: 1 }));
    if ((imageIds?.length ?? 0) > 0) {
      return { status: 'skipped', reason: 'holds images; delete them or tag the repository' };
    }
    await ecr.send(new DeleteRepositoryCommand({ repositoryName: resource.id }));
    return { status: 'deleted' };
  },

  // Namespaced names (`team/app`) keep their slashes in the console path.
  consoleUrl: (r) =>
    `${consoleBase(r.region)}/ecr/repositories/private/${r.accountId}/${r.id.split('/').map(encodeURIComponent).join('/')}?region=${r.region}`,

  costHint: () => '$0.10 per GB-month of stored images',
};
