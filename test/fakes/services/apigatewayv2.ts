import { ApiGatewayV2Client, DeleteApiCommand, GetApisCommand, GetTagsCommand } from '@aws-sdk/client-apigatewayv2';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/** API Gateway v2: HTTP and WebSocket APIs. Their ARNs carry no account id. */

const TYPE = 'apigateway:apis';

export interface SeedHttpApiOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
  protocolType?: 'HTTP' | 'WEBSOCKET';
  /** Set for APIs another service created and manages (API Gateway refuses to delete them). */
  apiGatewayManaged?: boolean;
}

export function seedHttpApi(account: FakeAccount, options: SeedHttpApiOptions = {}): FakeResource {
  // API ids are ten lower-case alphanumerics.
  const id = account.nextId('ha');
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: TYPE,
    arn: buildArn('apigateway', region, '', `/apis/${id}`),
    region,
    tags: options.tags,
    data: {
      id,
      name: options.name ?? `api-${id}`,
      createdAt: options.createdAt ?? new Date(),
      protocolType: options.protocolType ?? 'HTTP',
      apiGatewayManaged: options.apiGatewayManaged ?? false,
    },
  });
}

function apiIn(account: FakeAccount, apiId: string, region: string): FakeResource {
  const api = account.findBy(TYPE, 'id', apiId, region);
  if (!api) throw new FakeAwsError('NotFoundException', `Invalid API identifier specified ${account.accountId}:${apiId}`);
  return api;
}

export function installApiGatewayV2(account: FakeAccount) {
  const stub = fakeService(ApiGatewayV2Client, account);

  handle(stub, account, 'apigateway', GetApisCommand, (input, region) => {
    // MaxResults is a string in this API.
    const asked = input.MaxResults === undefined ? undefined : Number(input.MaxResults);
    if (asked !== undefined && (!Number.isInteger(asked) || asked < 1)) {
      throw new FakeAwsError('BadRequestException', `Invalid MaxResults: ${input.MaxResults}`);
    }
    const { page, next } = paginate(
      account.list(TYPE, region),
      input.NextToken,
      Math.min(asked ?? account.defaultPageSize, account.defaultPageSize),
    );
    return {
      Items: page.map((api) => ({
        ApiId: api.data.id,
        Name: api.data.name,
        ProtocolType: api.data.protocolType,
        ApiEndpoint: `https://${api.data.id}.execute-api.${region}.amazonaws.com`,
        CreatedDate: api.data.createdAt,
        ApiGatewayManaged: api.data.apiGatewayManaged || undefined,
        RouteSelectionExpression: api.data.protocolType === 'HTTP' ? '$request.method $request.path' : '$request.body.action',
        Tags: Object.keys(api.tags).length > 0 ? { ...api.tags } : undefined,
      })),
      NextToken: next,
    };
  });

  handle(stub, account, 'apigateway', DeleteApiCommand, (input, region) => {
    const api = apiIn(account, required(input, 'ApiId'), region);
    if (api.data.apiGatewayManaged) {
      throw new FakeAwsError(
        'BadRequestException',
        `API ${api.data.id} is managed by another service and cannot be deleted through API Gateway.`,
      );
    }
    account.remove(api.arn);
    return {};
  });

  // Handled so that a per-API tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'apigateway', GetTagsCommand, (input, region) => {
    const api = account.find(required(input, 'ResourceArn'));
    if (!api || api.region !== region) throw new FakeAwsError('NotFoundException', 'Invalid resource identifier specified');
    return { Tags: { ...api.tags } };
  });

  return stub;
}
