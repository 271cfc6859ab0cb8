import { APIGatewayClient, DeleteRestApiCommand, GetRestApisCommand, GetTagsCommand } from '@aws-sdk/client-api-gateway';
import { buildArn } from '../../../lambda/aws/arn';
import { type FakeAccount, FakeAwsError, type FakeResource, fakeService, handle, paginate, required } from '../fake-account';

/** API Gateway (v1) REST APIs. Their ARNs carry no account id. */

const TYPE = 'apigateway:restapis';

export interface SeedRestApiOptions {
  name?: string;
  region?: string;
  tags?: Record<string, string>;
  createdAt?: Date;
}

export function seedRestApi(account: FakeAccount, options: SeedRestApiOptions = {}): FakeResource {
  // REST API ids are ten lower-case alphanumerics.
  const id = account.nextId('ra');
  const region = options.region ?? 'eu-west-1';
  return account.put({
    type: TYPE,
    arn: buildArn('apigateway', region, '', `/restapis/${id}`),
    region,
    tags: options.tags,
    data: { id, name: options.name ?? `api-${id}`, createdAt: options.createdAt ?? new Date() },
  });
}

function restApiIn(account: FakeAccount, restApiId: string, region: string): FakeResource {
  const api = account.findBy(TYPE, 'id', restApiId, region);
  if (!api) throw new FakeAwsError('NotFoundException', `Invalid API identifier specified ${account.accountId}:${restApiId}`);
  return api;
}

export function installApiGateway(account: FakeAccount) {
  const stub = fakeService(APIGatewayClient, account);

  handle(stub, account, 'apigateway', GetRestApisCommand, (input, region) => {
    const { limit } = input;
    if (limit !== undefined && (limit < 1 || limit > 500)) {
      throw new FakeAwsError('BadRequestException', 'Invalid value for parameter limit: must be between 1 and 500');
    }
    const { page, next } = paginate(
      account.list(TYPE, region),
      input.position,
      Math.min(limit ?? account.defaultPageSize, account.defaultPageSize),
    );
    return {
      items: page.map((api) => ({
        id: api.data.id,
        name: api.data.name,
        createdDate: api.data.createdAt,
        endpointConfiguration: { types: ['REGIONAL'] },
        // API Gateway omits `tags` for an untagged API.
        tags: Object.keys(api.tags).length > 0 ? { ...api.tags } : undefined,
      })),
      position: next,
    };
  });

  handle(stub, account, 'apigateway', DeleteRestApiCommand, (input, region) => {
    account.remove(restApiIn(account, required(input, 'restApiId'), region).arn);
    return {};
  });

  // Handled so that a per-API tag read is recorded (and can be asserted absent) rather than silently unmocked.
  handle(stub, account, 'apigateway', GetTagsCommand, (input, region) => {
    const api = account.find(required(input, 'resourceArn'));
    if (!api || api.region !== region) throw new FakeAwsError('NotFoundException', 'Invalid resource identifier specified');
    return { tags: { ...api.tags } };
  });

  return stub;
}
