import {
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  type DescribeEndpointConfigCommandOutput,
  paginateListEndpointConfigs,
  paginateListEndpoints,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { consoleBase } from '../aws/arn';
import type { Resource, Tags } from '../core/model';
import { configurationOr, withoutMetadata } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource, RetryLaterError } from './resource-type';
import { configsUsedBy, projectProtection, sageMakerTags, unlessGone } from './sagemaker-endpoint';

/** The models an endpoint configuration's variants (shadow ones included) serve. */
export function modelsOf(config: Omit<DescribeEndpointConfigCommandOutput, '$metadata'>): string[] {
  const variants = [...(config.ProductionVariants ?? []), ...(config.ShadowProductionVariants ?? [])];
  return [...new Set(variants.map((v) => v.ModelName).filter((n): n is string => n !== undefined))];
}

/**
 * The endpoints running on, or updating to, the configuration. DeleteEndpointConfig does not check:
 * deleting one an endpoint uses leaves the endpoint running and billing, with no record of its
 * instance type (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DeleteEndpointConfig.html).
 */
async function endpointsUsing(sagemaker: SageMakerClient, configName: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListEndpoints({ client: sagemaker, pageSize: 100 }, {})) {
    for (const e of page.Endpoints ?? []) if (e.EndpointName) names.push(e.EndpointName);
  }
  const using = await readEach(names, async (EndpointName) => {
    const endpoint = await unlessGone(() => sagemaker.send(new DescribeEndpointCommand({ EndpointName })));
    return endpoint && configsUsedBy(endpoint).includes(configName) ? EndpointName : undefined;
  });
  return using;
}

function completedConfig(listed: Resource, config: Omit<DescribeEndpointConfigCommandOutput, '$metadata'>, tags: Tags): Resource {
  const instanceTypes = [...new Set((config.ProductionVariants ?? []).map((v) => v.InstanceType ?? 'serverless'))];
  return {
    ...completedResource(listed, {
      createdAt: config.CreationTime,
      protectedBecause: projectProtection(tags),
      details: { models: modelsOf(config).join(','), instanceTypes: instanceTypes.join(',') },
    }),
    tags,
  };
}

/**
 * SageMaker endpoint configurations: free themselves, left behind by every endpoint deployed by hand.
 * Tagging API type `sagemaker:endpoint-config`, ARN `arn:aws:sagemaker:{region}:{account}:endpoint-config/{name}`
 * (lower-cased: taken from the listing). Deleted only once no endpoint runs on it.
 */
export const sagemakerEndpointConfig = pagedType({
  id: 'sagemaker:endpoint-config',
  label: 'SageMaker endpoint configuration',
  // ListEndpointConfigs returns no tags; `complete` reads them with ListTags.
  tagsFromList: false,
  completeReadsTags: true,
  // After the endpoints running on it (10), before the models it names (60).
  deletionOrder: 50,
  iam: {
    read: [
      'sagemaker:ListEndpointConfigs',
      'sagemaker:DescribeEndpointConfig',
      'sagemaker:ListTags',
      'sagemaker:ListEndpoints',
      'sagemaker:DescribeEndpoint',
    ],
    tag: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    delete: ['sagemaker:DeleteEndpointConfig'],
  },

  listing: {
    // MaxResults is 1-100 (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListEndpointConfigs.html).
    pages: (clients) => paginateListEndpointConfigs({ client: clients.get(SageMakerClient), pageSize: 100 }, {}),
    items: (page) => page.EndpointConfigs,
    resource: ({ EndpointConfigName: name, EndpointConfigArn: arn }) =>
      name && arn ? { arn, id: name, name, needsCompletion: true } : undefined,
  },

  async complete(clients, resources) {
    const sagemaker = clients.get(SageMakerClient);
    return readEach(resources, async (resource) => {
      const config = await unlessGone(() => sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: resource.id })));
      if (!config) return undefined;
      const tags = await unlessGone(() => sageMakerTags(sagemaker, resource.arn));
      return tags && completedConfig(resource, config, tags);
    });
  },

  async delete(clients, resource) {
    const sagemaker = clients.get(SageMakerClient);
    const using = await endpointsUsing(sagemaker, resource.id);
    if (using.length > 0) throw new RetryLaterError(`used by endpoint ${using.join(', ')}; deleted once no endpoint uses it`);
    await sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: resource.id }));
    return { status: 'deleted' };
  },

  // Variants (models, instance types and counts), data capture, encryption key.
  describe: (clients, resource) =>
    configurationOr(resource, async () =>
      withoutMetadata(await clients.get(SageMakerClient).send(new DescribeEndpointConfigCommand({ EndpointConfigName: resource.id }))),
    ),

  consoleUrl: (r) => `${consoleBase(r.region)}/sagemaker/home?region=${r.region}#/endpointConfig/${encodeURIComponent(r.id)}`,

  costHint: () => 'no charge itself (an endpoint running on it bills)',
});
