import { describe, expect, it } from 'vitest';
import { lambdaFunction } from '../../lambda/resources/lambda-function';
import { installGetFunctionConfiguration } from '../fakes/services/configuration-reads';
import { installLambda, seedFunction } from '../fakes/services/lambda';
import { describePlugin, REGION } from './plugin-harness';

describePlugin(
  {
    type: lambdaFunction,
    installers: [installLambda, installGetFunctionConfiguration],
    seed: (account, options) => seedFunction(account, options),
    deleteCommand: 'DeleteFunction',
    goneError: 'ResourceNotFoundException',
    tagActions: ['lambda:TagResource', 'lambda:UntagResource'],
    describeCommand: 'GetFunctionConfiguration',
  },
  (h) => {
    describe('listing', () => {
      it('asks for 50 functions a page, the most ListFunctions returns', async () => {
        for (let i = 0; i < 8; i++) seedFunction(h.account);

        await h.listAll();

        expect(h.account.callsOf('ListFunctions').length).toBeGreaterThan(1);
        for (const call of h.account.callsOf('ListFunctions')) expect(call.input.MaxItems).toBe(50);
      });

      it('describes a function by name with its FunctionArn, taking LastModified as the creation time', async () => {
        const lastModified = new Date('2024-06-30T08:15:00.123Z');
        seedFunction(h.account, { name: 'resize-images', createdAt: lastModified, runtime: 'python3.13' });

        expect(await h.listAll()).toEqual([
          {
            type: 'lambda:function',
            arn: `arn:aws:lambda:eu-west-1:${h.account.accountId}:function:resize-images`,
            id: 'resize-images',
            name: 'resize-images',
            region: REGION,
            accountId: h.account.accountId,
            createdAt: lastModified,
            tags: {},
            details: { runtime: 'python3.13', packageType: 'Zip' },
          },
        ]);
      });

      it('makes no per-function call, for tags or anything else', async () => {
        for (let i = 0; i < 7; i++) seedFunction(h.account, { tags: i % 2 ? { team: 'api' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['ListFunctions']);
      });
    });

    describe('deletion', () => {
      it('deletes the function with DeleteFunction', async () => {
        const fn = seedFunction(h.account, { name: 'resize-images' });

        expect(await h.deleteListed(fn.arn)).toEqual({ status: 'deleted' });
        expect(h.account.exists(fn.arn)).toBe(false);
        expect(h.account.callsOf('DeleteFunction').map((c) => c.input)).toEqual([{ FunctionName: 'resize-images' }]);
      });
    });

    describe('declarations', () => {
      it('links to the function in the Lambda console', async () => {
        const fn = seedFunction(h.account, { name: 'resize-images' });

        expect(lambdaFunction.consoleUrl(await h.listed(fn.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/resize-images',
        );
      });
    });
    describe('configuration before deletion', () => {
      it('records the configuration from one GetFunctionConfiguration, with the names of its environment variables but never their values', async () => {
        const fn = seedFunction(h.account, { name: 'orders-api' });
        const listed = await h.listed(fn.arn);
        h.account.calls.length = 0;

        const configuration = await lambdaFunction.describe!(h.clients, listed);

        expect(configuration).toMatchObject({
          FunctionName: 'orders-api',
          Handler: 'index.handler',
          MemorySize: 256,
          Environment: { VariableNames: ['DATABASE_URL', 'STAGE'] },
        });
        expect(JSON.stringify(configuration)).not.toContain('hunter2');
        expect(JSON.stringify(configuration)).not.toContain('prod');
        expect(configuration).not.toHaveProperty('$metadata');
        expect(h.account.callsOf('GetFunctionConfiguration').map((c) => c.input)).toEqual([{ FunctionName: 'orders-api' }]);
        expect(h.commandsCalled()).toEqual(['GetFunctionConfiguration']);
      });
    });
  },
);
