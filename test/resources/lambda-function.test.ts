import { describe, expect, it } from 'vitest';
import { lambdaFunction } from '../../lambda/resources/lambda-function';
import { FakeAwsError } from '../fakes/fake-account';
import { installLambda, seedFunction } from '../fakes/services/lambda';
import { DEFAULT_DELETION, REGION, describePlugin, grantedForListAndDelete } from './plugin-harness';

describePlugin(
  {
    type: lambdaFunction,
    installers: [installLambda],
    seed: (account, options) => seedFunction(account, options),
    deleteCommand: 'DeleteFunction',
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

      it('throws AWS errors with their AWS name', async () => {
        seedFunction(h.account);
        h.account.failNext('ListFunctions', () => new FakeAwsError('AccessDeniedException', 'not authorized'));

        await expect(h.listAll()).rejects.toMatchObject({ name: 'AccessDeniedException' });
      });
    });

    describe('deletion', () => {
      it('deletes the function with DeleteFunction', async () => {
        const fn = seedFunction(h.account, { name: 'resize-images' });

        expect(await h.deleteListed(fn.arn)).toEqual({ status: 'deleted' });
        expect(h.account.exists(fn.arn)).toBe(false);
        expect(h.account.callsOf('DeleteFunction').map((c) => c.input)).toEqual([{ FunctionName: 'resize-images' }]);
      });

      it('throws ResourceNotFoundException when the function is already gone', async () => {
        const fn = seedFunction(h.account);
        const listed = await h.listed(fn.arn);
        h.account.remove(fn.arn);

        await expect(lambdaFunction.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      });
    });

    describe('declarations', () => {
      it('grants an IAM action for every call that list and delete make', async () => {
        const fn = seedFunction(h.account);
        await h.deleteListed(fn.arn);
        const granted = grantedForListAndDelete(lambdaFunction);

        for (const command of h.commandsCalled()) expect(granted).toContain(`lambda:${command}`);
        expect(lambdaFunction.iam.tag).toEqual(['lambda:TagResource', 'lambda:UntagResource']);
      });

      it('links to the function in the Lambda console', async () => {
        const fn = seedFunction(h.account, { name: 'resize-images' });

        expect(lambdaFunction.consoleUrl(await h.listed(fn.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/resize-images',
        );
      });
    });
  },
);
