import {
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  type DescribeEndpointCommandOutput,
  DescribeEndpointConfigCommand,
  paginateListEndpoints,
  paginateListTags,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { consoleBase } from '../aws/arn';
import type { Resource, Tags } from '../core/model';
import { configurationOr, withoutMetadata } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource } from './resource-type';

/**
 * SageMaker answers a call on a resource that does not exist with ValidationException, e.g.
 * `Could not find endpoint "arn:..."`; no dedicated not-found error.
 */
export function isSageMakerNotFound(error: unknown): boolean {
  const { name, message } = error as { name?: string; message?: string };
  return name === 'ValidationException' && /could not find|RecordNotFound|does not exist/i.test(message ?? '');
}

/** A read of one resource; undefined when SageMaker says it does not exist (deleted meanwhile). */
export async function unlessGone<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isSageMakerNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * A SageMaker resource's tags from ListTags. MaxResults has a minimum of 50 and a resource at most
 * 50 tags, so one page in practice (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListTags.html).
 */
export async function sageMakerTags(client: SageMakerClient, arn: string): Promise<Tags> {
  const tags: Record<string, string> = {};
  for await (const page of paginateListTags({ client, pageSize: 50 }, { ResourceArn: arn })) {
    for (const { Key, Value } of page.Tags ?? []) if (Key) tags[Key] = Value ?? '';
  }
  return tags;
}

/**
 * SageMaker Projects provision their endpoints, configs and models from a Service Catalog template
 * and tag them with the project (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-projects-templates-custom.html):
 * the project owns them, and deleting the project deletes them.
 */
export function projectProtection(tags: Tags): string | undefined {
  const project = tags['sagemaker:project-name'] ?? tags['sagemaker:project-id'];
  return project === undefined ? undefined : `part of SageMaker project ${project}: delete the project instead`;
}

/** The endpoint configurations an endpoint uses: its current one and, during an update, the one it moves to. */
export function configsUsedBy(endpoint: Omit<DescribeEndpointCommandOutput, '$metadata'>): string[] {
  const pending = endpoint.PendingDeploymentSummary?.EndpointConfigName;
  return [endpoint.EndpointConfigName, pending].filter((n): n is string => n !== undefined);
}

const HOURS_PER_MONTH = 24 * 30;

function completedEndpoint(listed: Resource, endpoint: Omit<DescribeEndpointCommandOutput, '$metadata'>, tags: Tags): Resource {
  const variants = endpoint.ProductionVariants ?? [];
  const instances = variants.reduce((n, v) => n + (v.CurrentInstanceCount ?? 0), 0);
  const serverless = variants.some((v) => v.CurrentServerlessConfig !== undefined);
  return {
    ...completedResource(listed, {
      createdAt: endpoint.CreationTime,
      protectedBecause: projectProtection(tags),
      details: { status: endpoint.EndpointStatus, endpointConfigName: endpoint.EndpointConfigName, instances, serverless },
    }),
    tags,
  };
}

/**
 * SageMaker real-time and serverless inference endpoints: the instances behind them bill by the hour
 * whether or not anything calls them. Tagging API type `sagemaker:endpoint`, ARN
 * `arn:aws:sagemaker:{region}:{account}:endpoint/{name}` with the name lower-cased, so the ARN is
 * taken from the listing (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemakerai.html).
 * Its endpoint configuration and model are types of their own, deleted after it.
 */
export const sagemakerEndpoint = pagedType({
  id: 'sagemaker:endpoint',
  label: 'SageMaker endpoint',
  // ListEndpoints returns no tags; `complete` reads them with ListTags.
  tagsFromList: false,
  completeReadsTags: true,
  // Compute: the first wave, before its configuration (50) and model (60).
  deletionOrder: 10,
  iam: {
    read: ['sagemaker:ListEndpoints', 'sagemaker:DescribeEndpoint', 'sagemaker:ListTags', 'sagemaker:DescribeEndpointConfig'],
    tag: ['sagemaker:AddTags', 'sagemaker:DeleteTags'],
    delete: ['sagemaker:DeleteEndpoint'],
  },

  listing: {
    // MaxResults is 1-100 (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ListEndpoints.html).
    pages: (clients) => paginateListEndpoints({ client: clients.get(SageMakerClient), pageSize: 100 }, {}),
    items: (page) => page.Endpoints,
    resource: ({ EndpointName: name, EndpointArn: arn, EndpointStatus: status }) => {
      if (!name || !arn || status === 'Deleting') return undefined;
      return { arn, id: name, name, details: { status }, needsCompletion: true };
    },
  },

  async complete(clients, resources) {
    const sagemaker = clients.get(SageMakerClient);
    return readEach(resources, async (resource) => {
      const endpoint = await unlessGone(() => sagemaker.send(new DescribeEndpointCommand({ EndpointName: resource.id })));
      if (!endpoint || endpoint.EndpointStatus === 'Deleting') return undefined;
      if (endpoint.EndpointArn !== resource.arn) throw new Error(`DescribeEndpoint gave ${endpoint.EndpointArn} for ${resource.arn}`);
      const tags = await unlessGone(() => sageMakerTags(sagemaker, resource.arn));
      return tags && completedEndpoint(resource, endpoint, tags);
    });
  },

  async delete(clients, resource) {
    // Asynchronous: the endpoint shows `Deleting` until its instances are released.
    await clients.get(SageMakerClient).send(new DeleteEndpointCommand({ EndpointName: resource.id }));
    return { status: 'started', note: 'deletion started; its endpoint configuration and model are judged on their own' };
  },

  // The endpoint and the configuration it runs (instance types and counts, model names, data capture).
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const sagemaker = clients.get(SageMakerClient);
      const endpoint = withoutMetadata(await sagemaker.send(new DescribeEndpointCommand({ EndpointName: resource.id })));
      const configs = await Promise.all(
        configsUsedBy(endpoint).map(async (name) =>
          withoutMetadata(await sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }))),
        ),
      );
      return { endpoint, endpointConfigs: configs };
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/sagemaker/home?region=${r.region}#/endpoints/${encodeURIComponent(r.id)}`,

  costHint(r) {
    if (r.details?.serverless === true) return 'serverless: billed per request and GB-second, plus provisioned concurrency';
    const instances = Number(r.details?.instances ?? 0);
    if (instances === 0) return undefined;
    // Real-time inference on ml.m5.large is $0.115/hour, ~$83/month; GPU instances run to $1,000s
    // (https://aws.amazon.com/sagemaker/pricing/).
    const low = Math.round(0.115 * HOURS_PER_MONTH * instances);
    return `~$${low}+/month (${instances} instance${instances === 1 ? '' : 's'} billed per hour while in service; GPU types cost far more)`;
  },
});
