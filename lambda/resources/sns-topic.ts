import { DeleteTopicCommand, SNSClient, paginateListTopics } from '@aws-sdk/client-sns';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

export const snsTopic: ResourceType = {
  id: 'sns:topic',
  label: 'SNS topic',
  tagsFromList: false,
  iam: {
    read: ['sns:ListTopics'],
    tag: ['sns:TagResource', 'sns:UntagResource'],
    delete: ['sns:DeleteTopic'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    for await (const page of paginateListTopics({ client: clients.get(SNSClient) }, {})) {
      for (const { TopicArn } of page.Topics ?? []) {
        if (!TopicArn) continue;
        yield {
          type: 'sns:topic',
          arn: TopicArn,
          id: TopicArn,
          name: TopicArn.slice(TopicArn.lastIndexOf(':') + 1),
          region,
          accountId,
          // SNS does not expose a creation time, so the minimum-age rule cannot apply.
          createdAt: undefined,
          tags: {},
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource) {
    await clients.get(SNSClient).send(new DeleteTopicCommand({ TopicArn: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/sns/v3/home?region=${r.region}#/topic/${r.arn}`,
};
