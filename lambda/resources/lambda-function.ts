import { DeleteFunctionCommand, GetFunctionConfigurationCommand, LambdaClient, paginateListFunctions } from '@aws-sdk/client-lambda';
import { consoleBase } from '../aws/arn';
import { configurationOr, withoutMetadata } from './configuration';
import { pagedType } from './paged-list';

export const lambdaFunction = pagedType({
  id: 'lambda:function',
  label: 'Lambda function',
  tagsFromList: false,
  iam: {
    // GetFunctionConfiguration is `describe`'s: the function's configuration, for the audit record.
    read: ['lambda:ListFunctions', 'lambda:GetFunctionConfiguration'],
    tag: ['lambda:TagResource', 'lambda:UntagResource'],
    delete: ['lambda:DeleteFunction'],
  },

  listing: {
    // ListFunctions returns at most 50 functions a page whatever MaxItems says.
    pages: (clients) => paginateListFunctions({ client: clients.get(LambdaClient), pageSize: 50 }, {}),
    items: (page) => page.Functions,
    resource: (fn) =>
      fn.FunctionName && fn.FunctionArn
        ? {
            arn: fn.FunctionArn,
            id: fn.FunctionName,
            name: fn.FunctionName,
            // Lambda does not report a creation time; the last change is never older, so it errs young (safe).
            createdAt: fn.LastModified ? new Date(fn.LastModified) : undefined,
            details: { runtime: fn.Runtime, packageType: fn.PackageType },
          }
        : undefined,
  },

  async delete(clients, resource) {
    await clients.get(LambdaClient).send(new DeleteFunctionCommand({ FunctionName: resource.id }));
    return { status: 'deleted' };
  },

  // Runtime, handler, role, memory, timeout, layers, network, architecture: one GetFunctionConfiguration.
  // Environment variables are secrets often enough: their names are kept, never their values.
  describe: (clients, resource) =>
    configurationOr(resource, async () => {
      const configuration = withoutMetadata(
        await clients.get(LambdaClient).send(new GetFunctionConfigurationCommand({ FunctionName: resource.id })),
      );
      const { Environment, ...rest } = configuration;
      if (!Environment) return rest;
      return { ...rest, Environment: { VariableNames: Object.keys(Environment.Variables ?? {}), Error: Environment.Error } };
    }),

  consoleUrl: (r) => `${consoleBase(r.region)}/lambda/home?region=${r.region}#/functions/${encodeURIComponent(r.id)}`,
});
