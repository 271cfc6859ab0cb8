import { describe, expect, it } from 'vitest';
import { httpApi } from '../../lambda/resources/http-api';
import { installApiGatewayV2, seedHttpApi } from '../fakes/services/apigatewayv2';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: httpApi,
    installers: [installApiGatewayV2],
    seed: seedHttpApi,
    deleteCommand: 'DeleteApi',
    goneError: 'NotFoundException',
    actionsOf: { GetApis: ['apigateway:GET'], DeleteApi: ['apigateway:DELETE'] },
  },
  (h) => {
    describe('listing', () => {
      it('describes an HTTP API by id, with the account-less ARN the tagging API uses, its name, tags and creation time', async () => {
        const createdAt = new Date('2024-08-01T12:30:00Z');
        const seeded = seedHttpApi(h.account, { name: 'webhooks', createdAt, tags: { team: 'integrations' } });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'apigateway:apis',
          arn: `arn:aws:apigateway:${REGION}::/apis/${seeded.data.id}`,
          id: seeded.data.id,
          name: 'webhooks',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: { team: 'integrations' },
          protectedBecause: undefined,
          details: { protocolType: 'HTTP' },
        });
      });

      it('lists WebSocket APIs too', async () => {
        const http = seedHttpApi(h.account);
        const websocket = seedHttpApi(h.account, { protocolType: 'WEBSOCKET' });

        const listed = await h.listAll();

        expect(listed.map((r) => [r.arn, r.details?.protocolType])).toEqual([
          [http.arn, 'HTTP'],
          [websocket.arn, 'WEBSOCKET'],
        ]);
      });

      it('protects an API managed by the service that created it, which API Gateway will not delete', async () => {
        const managed = seedHttpApi(h.account, { apiGatewayManaged: true });

        expect((await h.listed(managed.arn)).protectedBecause).toBe('managed by the service that created it');
      });

      it('reads tags from GetApis alone, with no per-API call', async () => {
        for (let i = 0; i < 7; i++) seedHttpApi(h.account, { tags: i % 2 ? { team: 'integrations' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['GetApis']);
      });
    });

    describe('deletion', () => {
      it('deletes the API by id with DeleteApi', async () => {
        const seeded = seedHttpApi(h.account, { protocolType: 'WEBSOCKET' });

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });
        expect(h.account.callsOf('DeleteApi').map((c) => c.input)).toEqual([{ ApiId: seeded.data.id }]);
      });
    });

    describe('declarations', () => {
      it('grants the HTTP-verb actions API Gateway authorizes its calls with', () => {
        expect(httpApi.iam).toEqual({
          read: ['apigateway:GET'],
          tag: ['apigateway:POST', 'apigateway:DELETE'],
          delete: ['apigateway:DELETE'],
          // As for REST APIs: the untag DELETE (on /tags/*) cannot reach the API itself.
          resources: {
            read: ['arn:${Partition}:apigateway:*::/apis'],
            tag: ['arn:${Partition}:apigateway:*::/tags/*'],
            delete: ['arn:${Partition}:apigateway:*::/apis/*'],
          },
        });
      });

      it('links to the API in the API Gateway console', async () => {
        const seeded = seedHttpApi(h.account);
        const listed = await h.listed(seeded.arn);

        expect(httpApi.consoleUrl(listed)).toBe(
          `https://eu-west-1.console.aws.amazon.com/apigateway/main/api-detail?api=${seeded.data.id}&region=eu-west-1`,
        );
      });
    });
  },
);
