import { DeleteRepositoryCommand, ECRClient, ListImagesCommand, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';

/**
 * Private ECR repositories. Tags come from the engine's GetResources sweep: DescribeRepositories
 * does not return them (ListTagsForResource would be one call per repository).
 */
export const ecrRepository = pagedType({
  id: 'ecr:repository',
  label: 'ECR repository',
  tagsFromList: false,
  iam: {
    read: ['ecr:DescribeRepositories'],
    tag: ['ecr:TagResource', 'ecr:UntagResource'],
    delete: ['ecr:ListImages', 'ecr:DeleteRepository'],
  },
  // After ECS services (10), whose task definitions may pull from it; nothing depends on it for deletion.
  deletionOrder: 60,

  listing: {
    pages: (clients) => paginateDescribeRepositories({ client: clients.get(ECRClient), pageSize: 1000 }, {}),
    items: (page) => page.repositories,
    resource: (repository) =>
      repository.repositoryArn && repository.repositoryName
        ? {
            arn: repository.repositoryArn,
            id: repository.repositoryName,
            name: repository.repositoryName,
            createdAt: repository.createdAt,
            details: { uri: repository.repositoryUri },
          }
        : undefined,
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
});
