import { DeleteQueueCommand, GetQueueAttributesCommand, paginateListQueues, SQSClient } from '@aws-sdk/client-sqs';
import { buildArn, consoleBase } from '../aws/arn';
import { configurationOr } from './configuration';
import { pagedType } from './paged-list';
import { readEach } from './per-resource-reads';
import { completedResource } from './resource-type';

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

export const sqsQueue = pagedType({
  id: 'sqs:queue',
  label: 'SQS queue',
  tagsFromList: false,
  iam: {
    read: ['sqs:ListQueues', 'sqs:GetQueueAttributes'],
    tag: ['sqs:TagQueue', 'sqs:UntagQueue'],
    delete: ['sqs:DeleteQueue'],
  },

  listing: {
    // Without MaxResults SQS returns at most 1,000 queues and no NextToken: the rest would be silently missed.
    pages: (clients) => paginateListQueues({ client: clients.get(SQSClient), pageSize: 1000 }, {}),
    items: (page) => page.QueueUrls,
    resource: (queueUrl, { region, accountId }) => {
      const name = queueNameOf(queueUrl);
      // The ARN follows from the URL. ListQueues carries no creation time: that is one
      // GetQueueAttributes per queue, made by `complete` for the night's candidates only.
      // Tags come from the engine's GetResources sweep, never from here.
      return { arn: buildArn('sqs', region, accountOf(queueUrl) ?? accountId, name), id: queueUrl, name, needsCompletion: true };
    },
  },

  async complete(clients, resources) {
    const sqs = clients.get(SQSClient);
    return readEach(resources, async (resource) => {
      let attributes: Record<string, string> | undefined;
      try {
        // QueueArn comes with the same call: it checks the ARN the tags were joined on.
        ({ Attributes: attributes } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: resource.id, AttributeNames: ['CreatedTimestamp', 'QueueArn'] }),
        ));
      } catch (error) {
        if (isQueueGone(error)) return undefined;
        throw error;
      }
      if (attributes?.QueueArn && attributes.QueueArn !== resource.arn) {
        throw new Error(`GetQueueAttributes gave ARN ${attributes.QueueArn} for the queue listed as ${resource.arn}`);
      }
      const created = attributes?.CreatedTimestamp;
      return completedResource(resource, { createdAt: created ? new Date(Number(created) * 1000) : undefined });
    });
  },

  async delete(clients, resource) {
    await clients.get(SQSClient).send(new DeleteQueueCommand({ QueueUrl: resource.id }));
    return { status: 'deleted' };
  },

  // Every attribute (type, timeouts, retention, redrive and access policies, encryption): one GetQueueAttributes.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const { Attributes } = await clients
        .get(SQSClient)
        .send(new GetQueueAttributesCommand({ QueueUrl: resource.id, AttributeNames: ['All'] }));
      return { queueUrl: resource.id, attributes: Attributes ?? {} };
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/sqs/v3/home?region=${r.region}#/queues/${encodeURIComponent(r.id)}`,
});
