import { type Api, ApiGatewayV2Client, DeleteApiCommand, GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { buildArn, consoleBase } from '../aws/arn';
import type { AwsClients } from '../aws/clients';
import type { Resource } from '../core/model';
import type { ResourceType } from './resource-type';

/** Every HTTP and WebSocket API of the region; the SDK has no paginator for GetApis. */
async function* allApis(clients: AwsClients): AsyncGenerator<Api> {
  const client = clients.get(ApiGatewayV2Client);
  let NextToken: string | undefined;
  do {
    const page = await client.send(new GetApisCommand({ NextToken }));
    yield* page.Items ?? [];
    NextToken = page.NextToken;
  } while (NextToken);
}

/**
 * API Gateway v2 APIs, HTTP and WebSocket alike. Tagging API type `apigateway:apis` (AWS
 * Organizations, "Services and resource types that support enforcement"); ARN
 * `arn:aws:apigateway:{region}::/apis/{id}`. GetApis returns each API's tags.
 *
 * IAM actions are HTTP verbs: GetApis is GET, TagResource `POST /v2/tags/{arn}`, UntagResource and
 * DeleteApi are DELETE.
 */
export const httpApi: ResourceType = {
  id: 'apigateway:apis',
  label: 'API Gateway HTTP/WebSocket API',
  tagsFromList: true,
  // Front door first, as for REST APIs.
  deletionOrder: 20,
  iam: {
    read: ['apigateway:GET'],
    tag: ['apigateway:POST', 'apigateway:DELETE'],
    delete: ['apigateway:DELETE'],
    // Scoped per purpose as for REST APIs: the untag DELETE on `/tags/*` cannot reach `/apis/{id}`.
    resources: {
      read: ['arn:${Partition}:apigateway:*::/apis'],
      tag: ['arn:${Partition}:apigateway:*::/tags/*'],
      delete: ['arn:${Partition}:apigateway:*::/apis/*'],
    },
  },

  async *list(clients) {
    const { region, accountId } = clients.target;
    for await (const api of allApis(clients)) {
      if (!api.ApiId) continue;
      yield {
        type: 'apigateway:apis',
        arn: buildArn('apigateway', region, '', `/apis/${api.ApiId}`),
        id: api.ApiId,
        name: api.Name,
        region,
        accountId,
        createdAt: api.CreatedDate,
        tags: { ...api.Tags },
        // API Gateway refuses to delete these; only the service that created them can.
        protectedBecause: api.ApiGatewayManaged ? 'managed by the service that created it' : undefined,
        details: { protocolType: api.ProtocolType },
      } satisfies Resource;
    }
  },

  async delete(clients, resource) {
    await clients.get(ApiGatewayV2Client).send(new DeleteApiCommand({ ApiId: resource.id }));
    return { status: 'deleted' };
  },

  consoleUrl: (r) => `${consoleBase(r.region)}/apigateway/main/api-detail?api=${r.id}&region=${r.region}`,

  // Billed per request (HTTP) or per message and connection minute (WebSocket).
  costHint: () => 'nothing while idle (billed per request)',
};
