import { DeleteQueueCommand, GetQueueAttributesCommand, SQSClient, paginateListQueues } from '@aws-sdk/client-sqs';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import { completedResource, type ResourceType } from './resource-type';

/** `https://sqs.{region}.amazonaws.com/{account}/{name}`: the name is the last path segment. */
function queueNameOf(queueUrl: string): string {
  return queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
}

/** The account id in a queue URL's path, when it has the usual shape. */
function accountOf(queueUrl: string): string | undefined {
  return /\/(\d{12})\/[^/]+$/.exec(queueUrl)?.[1];
}

/** SQS keeps listing a deleted queue for up to 60 s; asking about it then fails with this. */
function isQueueGone(error: unknown): boolean {
  const { name, Code } = error as { name?: string; Code?: string };
  return name === 'QueueDoesNotExist' || Code === 'AWS.SimpleQueueService.NonExistentQueue';
}

export const sqsQueue: ResourceType = {
  id: 'sqs:queue',
  label: 'SQS queue',
  tagsFromList: false,
  iam: {
    read: ['sqs:ListQueues', 'sqs:GetQueueAttributes'],
    tag: ['sqs:TagQueue', 'sqs:UntagQueue'],
    delete: ['sqs:DeleteQueue'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    const sqs = clients.get(SQSClient);
    // Without MaxResults SQS returns at most 1,000 queues and no NextToken: the rest would be silently missed.
    for await (const page of paginateListQueues({ client: sqs, pageSize: 1000 }, {})) {
      for (const queueUrl of page.QueueUrls ?? []) {
        const name = queueNameOf(queueUrl);
        // The ARN follows from the URL. ListQueues carries no creation time: that is one
        // GetQueueAttributes per queue, made by `complete` for the night's candidates only.
        // Tags come from the engine's GetResources sweep, never from here.
        yield {
          type: 'sqs:queue',
          arn: buildArn('sqs', region, accountOf(queueUrl) ?? accountId, name),
          id: queueUrl,
          name,
          region,
          accountId,
          tags: {},
          needsCompletion: true,
        } satisfies Resource;
      }
    }
  },

  async complete(clients, resources) {
    const sqs = clients.get(SQSClient);
    const completed: Resource[] = [];
    for (const resource of resources) {
      let attributes: Record<string, string> | undefined;
      try {
        // QueueArn comes with the same call: it checks the ARN the tags were joined on.
        ({ Attributes: attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: resource.id, AttributeNames: ['CreatedTimestamp', 'QueueArn'] }),
        ));
      } catch (error) {
        if (isQueueGone(error)) continue;
        throw error;
      }
      if (attributes?.QueueArn && attributes.QueueArn !== resource.arn) {
        throw new Error(`GetQueueAttributes gave ARN ${attributes.QueueArn} for the queue listed as ${resource.arn}`);
      }
      const created = attributes?.CreatedTimestamp;
      completed.push(completedResource(resource, { createdAt: created ? new Date(Number(created) * 1000) : undefined }));
    }
    return completed;
  },

  async delete(clients, resource) {
    await clients.get(SQSClient).send(new DeleteQueueCommand({ QueueUrl: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/sqs/v3/home?region=${r.region}#/queues/${encodeURIComponent(r.id)}`,
};
