import { describe, expect, it } from 'vitest';
import { logGroup } from '../../lambda/resources/log-group';
import { FakeAwsError } from '../fakes/fake-account';
import { installCloudWatchLogs, seedLogGroup } from '../fakes/services/cloudwatch-logs';
import { describePlugin, REGION } from './plugin-harness';

const SERVICE_REASON = "created by an AWS service for another resource's logs; it follows that resource";

describePlugin(
  {
    type: logGroup,
    installers: [installCloudWatchLogs],
    seed: seedLogGroup,
    deleteCommand: 'DeleteLogGroup',
    goneError: 'ResourceNotFoundException',
    fullDeletion: { seed: (account) => seedLogGroup(account, { name: '/my-app/web' }) },
  },
  (h) => {
    describe('listing', () => {
      it('describes a log group by name with the tagging API form of its ARN (no trailing :*)', async () => {
        const createdAt = new Date('2024-01-15T12:00:00Z');
        const seeded = seedLogGroup(h.account, { name: '/my-app/web', createdAt });

        expect(await h.listed(seeded.arn)).toMatchObject({
          type: 'logs:log-group',
          arn: `arn:aws:logs:eu-west-1:${h.account.accountId}:log-group:/my-app/web`,
          id: '/my-app/web',
          name: '/my-app/web',
          region: REGION,
          accountId: h.account.accountId,
          createdAt,
          tags: {},
          protectedBecause: undefined,
        });
      });

      it('strips the :* from `arn` when the response has no logGroupArn', async () => {
        const seeded = seedLogGroup(h.account, { name: '/my-app/worker', omitLogGroupArn: true });

        const group = (await h.listAll())[0]!;

        expect(group.arn).toBe(seeded.arn);
        expect(group.arn.endsWith(':*')).toBe(false);
      });

      it('makes no per-group call, for tags or anything else', async () => {
        for (let i = 0; i < 7; i++) seedLogGroup(h.account, { tags: i % 2 ? { team: 'web' } : {} });

        await h.listAll();

        expect(h.commandsCalled()).toEqual(['DescribeLogGroups']);
      });

      it.each([
        '/aws/lambda/resize-images',
        '/aws/codebuild/build-site',
        '/aws/rds/instance/orders/postgresql',
        '/aws/ecs/containerinsights/prod/performance',
        '/aws/eks/prod/cluster',
        '/aws/apigateway/welcome',
        '/aws/vendedlogs/states/checkout',
        '/aws-glue/jobs/output',
        'API-Gateway-Execution-Logs_abc123/prod',
      ])('protects %s, which an AWS service created for another resource', async (name) => {
        seedLogGroup(h.account, { name });

        const group = (await h.listAll())[0]!;

        expect(group.protectedBecause).toBe(SERVICE_REASON);
      });

      it.each(['/my-app/aws/lambda/copy', 'aws/lambda/no-leading-slash', '/aws/custom-app'])(
        'does not protect %s, which only looks like a service log group',
        async (name) => {
          seedLogGroup(h.account, { name });

          const group = (await h.listAll())[0]!;

          expect(group.protectedBecause).toBeUndefined();
        },
      );
    });

    describe('deletion', () => {
      it('deletes the log group with DeleteLogGroup', async () => {
        const group = seedLogGroup(h.account, { name: '/my-app/web' });

        expect(await h.deleteListed(group.arn)).toEqual({ status: 'deleted' });
        expect(h.account.exists(group.arn)).toBe(false);
        expect(h.account.callsOf('DeleteLogGroup').map((c) => c.input)).toEqual([{ logGroupName: '/my-app/web' }]);
      });

      it('keeps a log group with deletion protection on', async () => {
        const group = seedLogGroup(h.account, { name: '/my-app/audit', deletionProtection: true });

        expect(await h.deleteListed(group.arn)).toEqual({ status: 'skipped', reason: 'deletion protection is on' });
        expect(h.account.exists(group.arn)).toBe(true);
        expect(h.account.callsOf('DeleteLogGroup')).toEqual([]);
      });

      it('throws a failing DeleteLogGroup with its AWS name', async () => {
        const group = seedLogGroup(h.account, { name: '/my-app/web' });
        h.account.failNext('DeleteLogGroup', () => new FakeAwsError('OperationAbortedException', 'conflicting operation'));

        await expect(h.deleteListed(group.arn)).rejects.toMatchObject({ name: 'OperationAbortedException' });
      });
    });

    describe('declarations', () => {
      it('declares the actions particular to it', () => {
        // The re-read before deletion has no resource-level permission, so it cannot carry the mark condition.
        expect(logGroup.iam.deleteUnconditioned).toContain('logs:DescribeLogGroups');
        expect(logGroup.iam.delete).toEqual(['logs:DeleteLogGroup']);
        expect(logGroup.iam.tag).toEqual(expect.arrayContaining(['logs:TagResource', 'logs:UntagResource']));
      });

      it('links to the log group in the CloudWatch console, with the name encoded as the console expects', async () => {
        const group = seedLogGroup(h.account, { name: '/my-app/web' });

        expect(logGroup.consoleUrl(await h.listed(group.arn))).toBe(
          'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fmy-app$252Fweb',
        );
      });
    });
  },
);
