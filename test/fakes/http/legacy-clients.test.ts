import {
  DeleteEnvironmentCommand,
  GetEnvironmentCommand,
  ListEnvironmentsCommand,
  MWAAClient,
  UntagResourceCommand,
} from '@aws-sdk/client-mwaa';
import { ListResolverEndpointsCommand, Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../../lambda/aws/clients';
import { FakeAccount, FakeAwsError, fakeService, handle } from '../fake-account';
import { type AwsHttpEndpoint, FAKE_CREDENTIALS, startAwsHttpEndpoint } from './aws-http-endpoint';
import { protocolOf } from './protocols';

/**
 * The registry's newest MWAA (3.523.0) and Route 53 Resolver (3.654.0) clients predate the SDK's
 * schema-based serde: no `config.protocol`, no operation schemas. The endpoint still serves them.
 */

const CREATED = new Date('2026-03-04T05:06:07.000Z');

function legacyFakes(account: FakeAccount) {
  const mwaa = fakeService(MWAAClient, account);
  handle(mwaa, account, 'airflow', ListEnvironmentsCommand, (input) => ({
    Environments: ['env-a'],
    NextToken: input.NextToken === undefined && input.MaxResults === 1 ? 'page-2' : undefined,
  }));
  handle(mwaa, account, 'airflow', GetEnvironmentCommand, (input) => {
    if (input.Name !== 'env-a') throw new FakeAwsError('ResourceNotFoundException', `Environment ${input.Name} not found`);
    return { Environment: { Name: input.Name, CreatedAt: CREATED, Tags: { team: 'data' } } };
  });
  handle(mwaa, account, 'airflow', DeleteEnvironmentCommand, () => ({}));
  handle(mwaa, account, 'airflow', UntagResourceCommand, () => ({}));
  const resolver = fakeService(Route53ResolverClient, account);
  handle(resolver, account, 'route53resolver', ListResolverEndpointsCommand, (input) => ({
    ResolverEndpoints: [{ Id: 'rslvr-in-1', CreationTime: CREATED.toISOString() }],
    MaxResults: input.MaxResults,
  }));
  return [mwaa, resolver];
}

describe('SDK clients without schemas, over HTTP', () => {
  let endpoint: AwsHttpEndpoint | undefined;
  afterEach(async () => endpoint?.close());

  async function serve(account: FakeAccount): Promise<AwsClients> {
    endpoint = await startAwsHttpEndpoint({ services: legacyFakes(account), throttling: false });
    return new AwsClients({
      accountId: account.accountId,
      region: 'eu-west-1',
      endpoint: endpoint.url,
      credentials: async () => FAKE_CREDENTIALS,
    });
  }

  it('are told apart from schema-based clients: the protocol comes from the legacy table', () => {
    const account = new FakeAccount();
    const [mwaa, resolver] = legacyFakes(account);
    expect(new MWAAClient({}).config).not.toHaveProperty('protocol');
    expect(protocolOf(mwaa!)).toMatchObject({ protocol: 'restJson1' });
    expect(protocolOf(resolver!)).toMatchObject({ protocol: 'awsJson1_1', target: 'Route53Resolver' });
    expect(protocolOf(fakeService(SQSClient, account))).toMatchObject({ protocol: 'awsJson1_0', target: 'AmazonSQS' });
  });

  it('serve MWAA (restJson1 with the api. host prefix): query, labels, timestamps, record maps and errors', async () => {
    const account = new FakeAccount();
    const mwaa = (await serve(account)).get(MWAAClient);

    expect((await mwaa.send(new ListEnvironmentsCommand({ MaxResults: 1 }))).NextToken).toBe('page-2');
    const { Environment } = await mwaa.send(new GetEnvironmentCommand({ Name: 'env-a' }));
    expect(Environment).toEqual({ Name: 'env-a', CreatedAt: CREATED, Tags: { team: 'data' } });
    await expect(mwaa.send(new GetEnvironmentCommand({ Name: 'gone' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await mwaa.send(
      new UntagResourceCommand({ ResourceArn: 'arn:aws:airflow:eu-west-1:123456789012:environment/env-a', tagKeys: ['a', 'b'] }),
    );

    expect(account.callsOf('ListEnvironments')[0]?.input).toEqual({ MaxResults: 1 });
    expect(account.callsOf('UntagResource')[0]?.input).toEqual({
      ResourceArn: 'arn:aws:airflow:eu-west-1:123456789012:environment/env-a',
      tagKeys: ['a', 'b'],
    });
  });

  it('serve Route 53 Resolver (awsJson1_1)', async () => {
    const account = new FakeAccount();
    const resolver = (await serve(account)).get(Route53ResolverClient);

    const page = await resolver.send(new ListResolverEndpointsCommand({ MaxResults: 7 }));

    expect(page.ResolverEndpoints).toEqual([{ Id: 'rslvr-in-1', CreationTime: CREATED.toISOString() }]);
    expect(account.callsOf('ListResolverEndpoints')[0]?.input).toEqual({ MaxResults: 7 });
    expect([...(endpoint?.stats.unserved.keys() ?? [])]).toEqual([]);
  });
});
