import {
  DeleteModelCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  paginateListEndpointConfigs,
  paginateListModels,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { consoleBase } from '../aws/arn';
import { configurationOr, withoutMetadata } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, RetryLaterError } from './resource-type';
import { projectProtection, sageMakerTags, unlessGone } from './sagemaker-endpoint';
import { modelsOf } from './sagemaker-endpoint-config';

/**
 * The endpoint configurations naming the model. DeleteModel checks nothing: it removes the model's
 * entry only, whatever still refers to it (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DeleteModel.html).
 */
async function configsUsing(sagemaker: SageMakerClient, modelName: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListEndpointConfigs({ client: sagemaker, pageSize: 100 }, {})) {
    for (const c of page.EndpointConfigs ?? []) if (c.EndpointConfigName) names.push(c.EndpointConfigName);
  }
  return readEach(names, async (EndpointConfigName) => {
    const config = await unlessGone(() => sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName })));
    return config && modelsOf(config).includes(modelName) ? EndpointConfigName : undefined;
  });
}

/**
 * SageMaker models (the container image, artifacts and role an endpoint serves): free themselves,
 * left behind with their endpoint configurations. Tagging API type `sagemaker:model`, ARN
 * `arn:aws:sagemaker:{region}:{account}:model/{name}` (lower-cased: taken from the listing).
 * Deleted only once no endpoint configuration names it; the artifacts in S3 and ECR stay.
 */
export const sagemakerModel = pagedType({
  id: 'sagemaker:model',
  label: 'SageMaker model',
  // ListModels returns no tags; `complete` reads them with ListTags.
  tagsFromList: false,
  completeReadsTags: true,
  // After the endpoint configurations naming it (50).
  deletionOrder: 60,
  iam: {
    read: [
      'sagemaker:ListModels',
      'sagemaker:DescribeModel',
      'sagemaker:ListTags',
      'sagemaker:ListEndpointConfigs',
      'sagemaker:DescribeEndpointConfig',
    ],
    tag: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    delete: ['sagemaker:DeleteModel'],
  },

  listing: {
    // MaxResults is 1-100 (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListModels.html).
    pages: (clients) => paginateListModels({ client: clients.get(SageMakerClient), pageSize: 100 }, {}),
    items: (page) => page.Models,
    resource: ({ ModelName: name, ModelArn: arn }) => (name && arn ? { arn, id: name, name, needsCompletion: true } : undefined),
  },

  async complete(clients, resources) {
    const sagemaker = clients.get(SageMakerClient);
    return readEach(resources, async (resource) => {
      const model = await unlessGone(() => sagemaker.send(new DescribeModelCommand({ ModelName: resource.id })));
      if (!model) return undefined;
      const tags = await unlessGone(() => sageMakerTags(sagemaker, resource.arn));
      if (!tags) return undefined;
      const facts = { createdAt: model.CreationTime, protectedBecause: projectProtection(tags) };
      return { ...completedResource(resource, facts), tags };
    });
  },

  async delete(clients, resource) {
    const sagemaker = clients.get(SageMakerClient);
    const using = await configsUsing(sagemaker, resource.id);
    if (using.length > 0) {
      throw new RetryLaterError(`named by endpoint configuration ${using.join(', ')}; deleted once no configuration names it`);
    }
    await sagemaker.send(new DeleteModelCommand({ ModelName: resource.id }));
    return { status: 'deleted', note: 'its artifacts in S3 and its image in ECR are kept' };
  },

  // Containers (image, model data URL, environment), execution role, network settings.
  describe: (clients, resource) =>
    configurationOr(resource, async () =>
      withoutMetadata(await clients.get(SageMakerClient).send(new DescribeModelCommand({ ModelName: resource.id }))),
    ),

  consoleUrl: (r) => `${consoleBase(r.region)}/sagemaker/home?region=${r.region}#/models/${encodeURIComponent(r.id)}`,

  costHint: () => 'no charge itself (an endpoint serving it bills)',
});
