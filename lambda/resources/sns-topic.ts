import { DeleteTopicCommand, paginateListTopics, SNSClient } from '@aws-sdk/client-sns';
import { consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';

export const snsTopic = pagedType({
  id: 'sns:topic',
  label: 'SNS topic',
  tagsFromList: false,
  iam: {
    read: ['sns:ListTopics'],
    tag: ['sns:TagResource', 'sns:UntagResource'],
    delete: ['sns:DeleteTopic'],
  },

  listing: {
    pages: (clients) => paginateListTopics({ client: clients.get(SNSClient) }, {}),
    items: (page) => page.Topics,
    resource: ({ TopicArn }) =>
      TopicArn
        ? // SNS does not expose a creation time, so the minimum-age rule cannot apply.
          { arn: TopicArn, id: TopicArn, name: TopicArn.slice(TopicArn.lastIndexOf(':') + 1), createdAt: undefined }
        : undefined,
  },

  async delete(clients, resource) {
    await clients.get(SNSClient).send(new DeleteTopicCommand({ TopicArn: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/sns/v3/home?region=${r.region}#/topic/${r.arn}`,
});
