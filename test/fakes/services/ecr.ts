import {
  DeleteRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  ListImagesCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-ecr';
import { buildArn } from '../../../lambda/aws/arn';
import {
  type FakeAccount,
  FakeAwsError,
  type FakeResource,
  fakeService,
  handle,
  paginate,
  required,
  type SeedOptions,
  seedResource,
  tagList,
} from '../fake-account';

/** Private ECR repositories and a count of the images in each. */

const TYPE = 'ecr:repository';

export interface SeedEcrRepositoryOptions extends SeedOptions {
  /** Images in the repository. */
  images?: number;
}

export function seedEcrRepository(account: FakeAccount, options: SeedEcrRepositoryOptions = {}): FakeResource {
  return seedResource(account, { type: TYPE, namePrefix: 'repo-' }, options, ({ name, region, createdAt }) => ({
    arn: buildArn('ecr', region, account.accountId, `repository/${name}`),
    data: { name, createdAt, images: options.images ?? 0 },
  }));
}

function repositoryIn(account: FakeAccount, name: string, region: string): FakeResource {
  const repository = account.findBy(TYPE, 'name', name, region);
  if (!repository) {
    throw new FakeAwsError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${account.accountId}'`,
    );
  }
  return repository;
}

/** ECR takes 1–1000 per page and may return fewer: pages are capped at the account's page size. */
function page<T>(account: FakeAccount, items: readonly T[], input: { maxResults?: number; nextToken?: string }) {
  if (input.maxResults !== undefined && (input.maxResults < 1 || input.maxResults > 1000)) {
    throw new FakeAwsError('InvalidParameterException', 'maxResults must be between 1 and 1000');
  }
  return paginate(items, input.nextToken, Math.min(input.maxResults ?? 100, account.defaultPageSize));
}

export function installEcr(account: FakeAccount) {
  const stub = fakeService(ECRClient, account);

  handle(stub, account, 'ecr', DescribeRepositoriesCommand, (input, region) => {
    const names: string[] | undefined = input.repositoryNames;
    if (names?.length && input.maxResults !== undefined) {
      throw new FakeAwsError('InvalidParameterException', 'maxResults cannot be used with repositoryNames');
    }
    const repositories = names?.length ? names.map((n) => repositoryIn(account, n, region)) : account.list(TYPE, region);
    const { page: repositoryPage, next } = page(account, repositories, input);
    return {
      repositories: repositoryPage.map((r) => ({
        repositoryArn: r.arn,
        registryId: account.accountId,
        repositoryName: r.data.name,
        repositoryUri: `${account.accountId}.dkr.ecr.${region}.amazonaws.com/${r.data.name}`,
        createdAt: r.data.createdAt,
        imageTagMutability: 'MUTABLE',
      })),
      nextToken: next,
    };
  });

  handle(stub, account, 'ecr', ListImagesCommand, (input, region) => {
    const repository = repositoryIn(account, required(input, 'repositoryName'), region);
    const images = Array.from({ length: repository.data.images as number }, (_, i) => ({
      imageDigest: `sha256:${i.toString(16).padStart(64, '0')}`,
      imageTag: `v${i}`,
    }));
    const { page: imagePage, next } = page(account, images, input);
    return { imageIds: imagePage, nextToken: next };
  });

  handle(stub, account, 'ecr', DeleteRepositoryCommand, (input, region) => {
    const repository = repositoryIn(account, required(input, 'repositoryName'), region);
    if (repository.data.images > 0 && !input.force) {
      throw new FakeAwsError(
        'RepositoryNotEmptyException',
        `The repository with name '${repository.data.name}' in registry with id '${account.accountId}' cannot be deleted because it still contains images`,
      );
    }
    account.remove(repository.arn);
    return { repository: { repositoryArn: repository.arn, repositoryName: repository.data.name } };
  });

  // Handled so that a per-repository tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'ecr', ListTagsForResourceCommand, (input, region) => {
    const r = account.find(required(input, 'resourceArn'));
    if (!r || r.type !== TYPE || r.region !== region) throw new FakeAwsError('RepositoryNotFoundException', 'repository not found');
    return { tags: tagList(r.tags) };
  });

  return stub;
}
