import { DeleteFunctionCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { consoleBase } from '../aws/arn';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

export const lambdaFunction: ResourceType = {
  id: 'lambda:function',
  label: 'Lambda function',
  tagsFromList: false,
  iam: {
    read: ['lambda:ListFunctions'],
    tag: ['lambda:TagResource', 'lambda:UntagResource'],
    delete: ['lambda:DeleteFunction'],
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    // ListFunctions returns at most 50 functions a page whatever MaxItems says.
    for await (const page of paginateListFunctions({ client: clients.get(LambdaClient), pageSize: 50 }, {})) {
      for (const fn of page.Functions ?? []) {
        if (!fn.FunctionName || !fn.FunctionArn) continue;
        yield {
          type: 'lambda:function',
          arn: fn.FunctionArn,
          id: fn.FunctionName,
          name: fn.FunctionName,
          region,
          accountId,
          // Lambda does not report a creation time; the last change is never older, so it errs young (safe).
          createdAt: fn.LastModified ? new Date(fn.LastModified) : undefined,
          tags: {},
          details: { runtime: fn.Runtime, packageType: fn.PackageType },
        } satisfies Resource;
      }
    }
  },

  async delete(clients, resource) {
    await clients.get(LambdaClient).send(new DeleteFunctionCommand({ FunctionName: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/lambda/home?region=${r.region}#/functions/${encodeURIComponent(r.id)}`,
};
