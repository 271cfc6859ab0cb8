import { DeleteQueueCommand, GetQueueAttributesCommand, SQSClient, paginateListQueues } from '@aws-sdk/client-sqs';
import { buildArn, consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

/** `https://sqs.{region}.amazonaws.com/{account}/{name}`: the name is the last path segment. */
function queueNameOf(queueUrl: string): string {
  return queueUrl.slice(queueUrl.lastIndexOf('/') + 1);
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
        // ListQueues carries no creation time, so this is one call per queue; tags still come from the
        // engine's GetResources sweep, never from here.
        let createdTimestamp: string | undefined;
        try {
          const { Attributes } = await sqs.send(
            new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['CreatedTimestamp'] }),
          );
          createdTimestamp = Attributes?.CreatedTimestamp;
        } catch (error) {
          if (isQueueGone(error)) continue;
          throw error;
        }
        yield {
          type: 'sqs:queue',
          arn: buildArn('sqs', region, accountId, name),
          id: queueUrl,
          name,
          region,
          accountId,
          createdAt: createdTimestamp ? new Date(Number(createdTimestamp) * 1000) : undefined,
          tags: {},
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource) {
    await clients.get(SQSClient).send(new DeleteQueueCommand({ QueueUrl: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/sqs/v3/home?region=${r.region}#/queues/${encodeURIComponent(r.id)}`,
};
