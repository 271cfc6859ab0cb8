import { describe, expect, it } from 'vitest';
import { restApi } from '../../lambda/resources/rest-api';
import { installApiGateway, seedRestApi } from '../fakes/services/apigateway';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: restApi,
    installers: [installApiGateway],
    seed: seedRestApi,
    deleteCommand: 'DeleteRestApi',
    goneError: 'NotFoundException',
    actionsOf: { GetRestApis: ['apigateway:GET'], DeleteRestApi: ['apigateway:DELETE'] },
  },
  (h) => {
    describe('listing', () => {
      it('describes a REST API by id, with the account-less ARN the tagging API uses, its name, tags and creation time', async () => {
        const createdAt = new Date('2023-11-20T09:00:00Z');
        const seeded = seedRestApi(h.account, { name: 'orders-api', createdAt, tags: { team: 'orders' } });

        expect(await h.listed(seeded.arn)).toEqual({
          type: 'apigateway:restapis',
          arn: `arn:aws:apigateway:${REGION}::/restapis/${seeded.data.id}`,
          id: seeded.data.id,
          name: 'orders-api',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: { team: 'orders' },
          details: { endpointType: 'REGIONAL' },
        });
      });

      it('reads tags from GetRestApis alone, with no per-API call', async () => {
        for (let i = 0; i < 7; i++) seedRestApi(h.account, { tags: i % 2 ? { team: 'orders' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['GetRestApis']);
        for (const call of h.account.callsOf('GetRestApis')) expect(call.input.limit).toBe(500);
      });
    });

    describe('deletion', () => {
      it('deletes the API by id with DeleteRestApi', async () => {
        const seeded = seedRestApi(h.account);

        expect(await h.deleteListed(seeded.arn)).toEqual({ status: 'deleted' });
        expect(h.account.callsOf('DeleteRestApi').map((c) => c.input)).toEqual([{ restApiId: seeded.data.id }]);
      });
    });

    describe('declarations', () => {
      it('grants the HTTP-verb actions API Gateway authorizes its calls with', () => {
        expect(restApi.iam).toEqual({
          read: ['apigateway:GET'],
          tag: ['apigateway:PUT', 'apigateway:DELETE'],
          delete: ['apigateway:DELETE'],
          // The verbs reach every API Gateway resource: each purpose is limited to its own paths, and the
          // untag DELETE (on /tags/*) cannot reach the API itself.
          resources: {
            read: ['arn:${Partition}:apigateway:*::/restapis'],
            tag: ['arn:${Partition}:apigateway:*::/tags/*'],
            delete: ['arn:${Partition}:apigateway:*::/restapis/*'],
          },
        });
      });

      it('links to the API in the API Gateway console', async () => {
        const seeded = seedRestApi(h.account);
        const listed = await h.listed(seeded.arn);

        expect(restApi.consoleUrl(listed)).toBe(
          `https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/${seeded.data.id}/resources?api=${seeded.data.id}&region=eu-west-1`,
        );
      });
    });
  },
);
