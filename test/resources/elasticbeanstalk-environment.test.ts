import { describe, expect, it } from 'vitest';
import { NO_ANNOUNCEMENTS } from '../../lambda/core/announcements';
import { controllerTag, controllerTagMatcher } from '../../lambda/core/controller-tags';
import { decide } from '../../lambda/core/decide';
import { elasticbeanstalkEnvironment, environmentOwnTags } from '../../lambda/resources/elasticbeanstalk-environment';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import {
  coupledDatabaseSettings,
  finishBeanstalkTerminations,
  installElasticBeanstalk,
  seedEnvironment,
} from '../fakes/services/elastic-beanstalk';
import { policyWith } from '../support/policy';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');
const LONG_AGO = new Date('2026-10-01T00:00:00Z');

describePlugin(
  {
    type: elasticbeanstalkEnvironment,
    installers: [installElasticBeanstalk],
    seed: (account, options) => seedEnvironment(account, options),
    deleteCommand: 'TerminateEnvironment',
    slowDeletion: true,
    listCommand: 'DescribeEnvironments',
    completeCommand: 'DescribeEnvironments',
    describeCommand: 'DescribeConfigurationSettings',
    // DescribeEnvironments returns nothing for it; TerminateEnvironment says so.
    goneError: 'InvalidParameterValue',
    tagActions: ['elasticbeanstalk:AddTags', 'elasticbeanstalk:RemoveTags'],
    // A tag read, granted in iam.read (checked below) rather than among the tag writes.
    actionsOf: { ListTagsForResource: [] },
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists ARN, state, health, tier and application, leaving creation time and tags to complete()', async () => {
        const e = seedEnvironment(h.account, { name: 'shop-staging', application: 'shop', tier: 'Worker', health: 'Yellow' });

        expect(await h.listAll()).toEqual([
          {
            type: 'elasticbeanstalk:environment',
            arn: `arn:aws:elasticbeanstalk:${REGION}:${h.account.accountId}:environment/shop/shop-staging`,
            id: e.data.id,
            name: 'shop-staging',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            details: {
              status: 'Ready',
              health: 'Yellow',
              tier: 'Worker',
              application: 'shop',
              platform: '64bit Amazon Linux 2023 v6.1.0 running Node.js 20',
              cname: `shop-staging.${REGION}.elasticbeanstalk.com`,
            },
            needsCompletion: true,
          },
        ]);
        // Paged (without MaxRecords DescribeEnvironments returns everything at once), terminated ones excluded.
        expect(h.account.callsOf('DescribeEnvironments').map((c) => c.input)).toEqual([{ IncludeDeleted: false, MaxRecords: 100 }]);
      });

      it('leaves out environments launching, terminating or terminated; updating and linking ones are inventory', async () => {
        const kept = ['Ready', 'Updating', 'Aborting', 'LinkingFrom', 'LinkingTo'].map(
          (status) => seedEnvironment(h.account, { status: status as never }).arn,
        );
        for (const status of ['Launching', 'Terminating', 'Terminated'] as const) seedEnvironment(h.account, { status });

        expect((await h.listAndComplete()).map((r) => r.arn).sort()).toEqual(kept.sort());
      });

      it('reads its tags from Beanstalk, without the system tags that name the environment itself', async () => {
        const e = seedEnvironment(h.account, { name: 'checkout', tags: { team: 'payments' } });

        const completed = await h.completed(e.arn);

        expect(completed.tags).toEqual({ team: 'payments' });
        expect(completed.createdAt).toEqual(e.data.createdAt);
        // One DescribeEnvironments for the candidates, one ListTagsForResource each.
        expect(h.account.callsOf('DescribeEnvironments').at(-1)!.input).toEqual({ EnvironmentIds: [e.data.id], IncludeDeleted: false });
        expect(h.account.callsOf('ListTagsForResource').map((c) => c.input.ResourceArn)).toEqual([e.arn]);
      });

      it('reads the candidates in one DescribeEnvironments call, not one each', async () => {
        Array.from({ length: 7 }, () => seedEnvironment(h.account));
        const listed = await h.listAll();
        h.account.calls.length = 0;

        expect(await elasticbeanstalkEnvironment.complete!(h.clients, listed)).toHaveLength(7);
        expect(h.account.callsOf('DescribeEnvironments')).toHaveLength(1);
      });

      it('leaves out an environment that started terminating between the listing and completion', async () => {
        const e = seedEnvironment(h.account);
        const listed = await h.listAll();
        h.account.get(e.arn).data.status = 'Terminating';

        expect(await elasticbeanstalkEnvironment.complete!(h.clients, listed)).toEqual([]);
      });
    });

    describe('judged on its own tags', () => {
      // The default rule: ManagedBy=terraform|cdk|cloudformation|pulumi; aws:cloudformation:stack-id counts as IaC.
      const policy = policyWith();

      it('a hand-made environment is a violation, not protected by its system tags nor IaC by its Beanstalk stack', async () => {
        const e = seedEnvironment(h.account, { createdAt: LONG_AGO, ownStackTags: true });
        const completed = await h.completed(e.arn);

        expect(completed.tags).toEqual({});
        expect(decide(completed, NOW, policy, NO_ANNOUNCEMENTS)).toMatchObject({ status: 'new-violation', action: 'mark' });
        // With the system tags, it would have been kept as managed by Beanstalk, like its instances are.
        const matcher = controllerTagMatcher([]);
        expect(controllerTag({ 'elasticbeanstalk:environment-id': e.data.id }, matcher)).toBe(
          'tag elasticbeanstalk:environment-id (Elastic Beanstalk)',
        );
      });

      it('an environment with the required tags is compliant', async () => {
        const e = seedEnvironment(h.account, { createdAt: LONG_AGO, tags: { ManagedBy: 'terraform' } });

        expect(decide(await h.completed(e.arn), NOW, policy, NO_ANNOUNCEMENTS)).toMatchObject({ status: 'compliant', action: 'none' });
      });

      it('keeps tags that name another stack or environment, and a system tag whose value is not its own', () => {
        const own = { id: 'e-abc1234567', name: 'checkout' };
        const userStack = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/shop-prod/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

        expect(
          environmentOwnTags(
            {
              'elasticbeanstalk:environment-id': 'e-abc1234567',
              'elasticbeanstalk:environment-name': 'checkout',
              Name: 'checkout',
              'aws:cloudformation:stack-name': 'shop-prod',
              'aws:cloudformation:stack-id': userStack,
              team: 'payments',
            },
            own,
          ),
        ).toEqual({ 'aws:cloudformation:stack-name': 'shop-prod', 'aws:cloudformation:stack-id': userStack, team: 'payments' });
        expect(environmentOwnTags({ 'elasticbeanstalk:environment-id': 'e-other00000', Name: 'web' }, own)).toEqual({
          'elasticbeanstalk:environment-id': 'e-other00000',
          Name: 'web',
        });
        expect(
          environmentOwnTags(
            {
              'aws:cloudformation:stack-name': 'awseb-e-abc1234567-stack',
              'aws:cloudformation:logical-id': 'AWSEBEnvironment',
              Owner: 'alice',
            },
            own,
          ),
        ).toEqual({ Owner: 'alice' });
      });
    });

    describe('deletion', () => {
      it('terminates it with its resources; no longer listed, and gone once Beanstalk finishes', async () => {
        const e = seedEnvironment(h.account);

        expect(await h.deleteListed(e.arn)).toEqual({
          status: 'started',
          note: 'its instances, Auto Scaling group, load balancer and security groups are being terminated with it; its CNAME becomes free for anyone to take',
        });
        expect(h.account.callsOf('TerminateEnvironment').map((c) => c.input)).toEqual([
          { EnvironmentId: e.data.id, TerminateResources: true },
        ]);
        expect(h.account.get(e.arn).data.terminatedResources).toBe(true);
        expect(await h.listAll()).toEqual([]);
        finishBeanstalkTerminations(h.account);
        expect(h.account.exists(e.arn)).toBe(false);
      });

      it('retries an environment updating or in an abortable operation in a later wave', async () => {
        const updating = seedEnvironment(h.account, { status: 'Updating' });
        const busy = seedEnvironment(h.account, { abortableOperationInProgress: true });

        await expect(h.deleteListed(updating.arn)).rejects.toBeInstanceOf(RetryLaterError);
        await expect(h.deleteListed(busy.arn)).rejects.toThrow(/an operation is in progress/);
        expect(h.account.callsOf('TerminateEnvironment')).toEqual([]);
      });

      it('skips an environment another environment links to, naming it', async () => {
        const web = seedEnvironment(h.account, { name: 'shop-web' });
        seedEnvironment(h.account, { name: 'shop-worker', tier: 'Worker', linksTo: ['shop-web'] });

        expect(await h.deleteListed(web.arn)).toEqual({
          status: 'skipped',
          reason: 'environment(s) shop-worker link to it (EnvironmentLinks): terminate or unlink them first',
        });
        expect(h.account.callsOf('TerminateEnvironment')).toEqual([]);
      });

      it('with a coupled database: Beanstalk snapshots it (Snapshot), keeps it (Retain), or it is skipped (Delete)', async () => {
        const snapshot = seedEnvironment(h.account, { settings: coupledDatabaseSettings('Snapshot') });
        const retain = seedEnvironment(h.account, { settings: coupledDatabaseSettings('Retain') });
        const deleting = seedEnvironment(h.account, { settings: coupledDatabaseSettings('Delete') });
        const unknown = seedEnvironment(h.account, { settings: coupledDatabaseSettings() });

        expect(await h.deleteListed(snapshot.arn)).toMatchObject({
          status: 'started',
          backup: 'a final snapshot of its coupled RDS database, taken by Elastic Beanstalk (DBDeletionPolicy=Snapshot)',
        });
        expect(await h.deleteListed(retain.arn)).toMatchObject({
          status: 'started',
          note: expect.stringContaining('its coupled RDS database is retained (DBDeletionPolicy=Retain) and keeps running'),
        });
        expect(await h.deleteListed(deleting.arn)).toEqual({
          status: 'skipped',
          reason:
            'terminating it deletes its coupled RDS database without a snapshot (DBDeletionPolicy=Delete); set DBDeletionPolicy to Snapshot or decouple the database first',
        });
        expect(await h.deleteListed(unknown.arn)).toMatchObject({
          status: 'skipped',
          reason: expect.stringContaining('DBDeletionPolicy=unknown'),
        });
        expect(h.account.callsOf('TerminateEnvironment').map((c) => c.input.EnvironmentId)).toEqual([snapshot.data.id, retain.data.id]);
      });

      it('terminates one whose coupled database has DBDeletionPolicy=Delete when backups are off, saying so', async () => {
        const e = seedEnvironment(h.account, { settings: coupledDatabaseSettings('Delete') });

        expect(await h.deleteListed(e.arn, { backup: false })).toMatchObject({
          status: 'started',
          note: expect.stringContaining('its coupled RDS database is deleted without a snapshot (backups are off)'),
        });
      });

      it('counts an older integrated database without HasCoupledDatabase as coupled', async () => {
        const e = seedEnvironment(h.account, {
          settings: [
            { Namespace: 'aws:rds:dbinstance', OptionName: 'DBEngine', Value: 'mysql' },
            { Namespace: 'aws:rds:dbinstance', OptionName: 'DBDeletionPolicy', Value: 'Delete' },
          ],
        });
        h.account.get(e.arn).data.settings = h.account
          .get(e.arn)
          .data.settings.filter((o: { OptionName: string }) => o.OptionName !== 'HasCoupledDatabase');

        expect(await h.deleteListed(e.arn)).toMatchObject({ status: 'skipped' });
      });

      it('reports an environment already terminating as started, without terminating it again', async () => {
        const e = seedEnvironment(h.account);
        const listed = await h.completed(e.arn);
        h.account.get(e.arn).data.status = 'Terminating';

        expect(await elasticbeanstalkEnvironment.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'started',
          note: 'the environment was already being terminated',
        });
        expect(h.account.callsOf('TerminateEnvironment')).toEqual([]);
      });
    });

    describe('declarations', () => {
      it('describes the environment and its option settings, without the values of environment properties or passwords', async () => {
        const e = seedEnvironment(h.account, {
          settings: [
            ...coupledDatabaseSettings('Snapshot'),
            { Namespace: 'aws:elasticbeanstalk:application:environment', OptionName: 'STRIPE_KEY', Value: 'sk_live_123' },
          ],
        });

        const configuration = (await elasticbeanstalkEnvironment.describe!(h.clients, await h.completed(e.arn))) as Record<string, any>;

        expect(configuration.environment).toMatchObject({ EnvironmentId: e.data.id, ApplicationName: 'shop' });
        expect(configuration.optionSettings).toContainEqual({
          Namespace: 'aws:autoscaling:launchconfiguration',
          OptionName: 'InstanceType',
          Value: 't3.micro',
        });
        expect(configuration.optionSettings).toContainEqual({
          Namespace: 'aws:elasticbeanstalk:application:environment',
          OptionName: 'STRIPE_KEY',
          Value: undefined,
        });
        expect(configuration.optionSettings).toContainEqual({
          Namespace: 'aws:rds:dbinstance',
          OptionName: 'DBPassword',
          Value: undefined,
        });
        expect(JSON.stringify(configuration)).not.toMatch(/sk_live_123|hunter22/);
      });

      it('gives no cost hint: Beanstalk is free, and what its resources cost the listing does not say', async () => {
        expect(elasticbeanstalkEnvironment.costHint!(await h.listed(seedEnvironment(h.account).arn))).toBeUndefined();
      });

      it('links to the environment dashboard in the Elastic Beanstalk console', async () => {
        const e = seedEnvironment(h.account);
        expect(elasticbeanstalkEnvironment.consoleUrl(await h.listed(e.arn))).toBe(
          `https://eu-west-1.console.aws.amazon.com/elasticbeanstalk/home?region=eu-west-1#/environment/dashboard?environmentId=${e.data.id}`,
        );
      });
    });
  },
);
