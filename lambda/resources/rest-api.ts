import { APIGatewayClient, DeleteRestApiCommand, paginateGetRestApis } from '@aws-sdk/client-api-gateway';
import { buildArn, consoleBase } from '../aws/arn';
import { pagedType } from './paged-list';

/**
 * API Gateway REST APIs. Tagging API type `apigateway:restapis` (AWS Organizations, "Services and
 * resource types that support enforcement"); ARN `arn:aws:apigateway:{region}::/restapis/{id}`,
 * with no account field. GetRestApis returns each API's tags, so no sweep is needed.
 *
 * API Gateway authorizes by HTTP verb on resource paths (GetRestApis is GET, TagResource is
 * `PUT /tags/{arn}`, UntagResource and DeleteRestApi are DELETE), so the actions are verbs.
 */
export const restApi = pagedType({
  id: 'apigateway:restapis',
  label: 'API Gateway REST API',
  tagsFromList: true,
  // Front door first: callers get a clean 403 instead of errors from a half-deleted backend.
  deletionOrder: 20,
  iam: {
    read: ['apigateway:GET'],
    tag: ['apigateway:PUT', 'apigateway:DELETE'],
    delete: ['apigateway:DELETE'],
    // The verbs cover every API Gateway resource (API keys, domain names, ...), so each purpose gets
    // its own paths. Tagging is its own `/tags/{arn}` path: the untag DELETE granted there cannot
    // reach `/restapis/{id}`, where DELETE is the mark-conditioned DeleteRestApi.
    resources: {
      read: ['arn:${Partition}:apigateway:*::/restapis'],
      tag: ['arn:${Partition}:apigateway:*::/tags/*'],
      delete: ['arn:${Partition}:apigateway:*::/restapis/*'],
    },
  },

  listing: {
    // 500 is the largest page GetRestApis serves.
    pages: (clients) => paginateGetRestApis({ client: clients.get(APIGatewayClient), pageSize: 500 }, {}),
    items: (page) => page.items,
    resource: (api, { region }) => {
      if (!api.id) return undefined;
      return {
        arn: buildArn('apigateway', region, '', `/restapis/${api.id}`),
        id: api.id,
        name: api.name,
        createdAt: api.createdDate,
        tags: { ...api.tags },
        details: { endpointType: api.endpointConfiguration?.types?.join(',') },
      };
    },
  },

  async delete(clients, resource) {
    // DeleteRestApi allows about one call per 30 s per account; its TooManyRequestsException is a
    // throttling error the SDK's adaptive retry backs off on before it reaches the run.
    await clients.get(APIGatewayClient).send(new DeleteRestApiCommand({ restApiId: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/apigateway/main/apis/${r.id}/resources?api=${r.id}&region=${r.region}`,

  // Billed per request and cache hour; an idle API without a cache costs nothing.
  costHint: () => 'nothing while idle (billed per request, plus any cache)',
});
