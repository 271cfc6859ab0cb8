import { describe, expect, it } from 'vitest';
import { mwaaEnvironment } from '../../lambda/resources/mwaa-environment';
import { RetryLaterError } from '../../lambda/resources/resource-type';
import { finishMwaaDeletions, installMwaa, seedMwaaEnvironment } from '../fakes/services/mwaa';
import { DEFAULT_DELETION, describePlugin, freezeDateAt, REGION } from './plugin-harness';

const NOW = new Date('2026-11-24T03:07:00Z');

describePlugin(
  {
    type: mwaaEnvironment,
    installers: [installMwaa],
    seed: (account, options) => seedMwaaEnvironment(account, options),
    deleteCommand: 'DeleteEnvironment',
    slowDeletion: true,
    listCommand: 'ListEnvironments',
    completeCommand: 'GetEnvironment',
    describeCommand: 'GetEnvironment',
    goneError: 'ResourceNotFoundException',
    tagActions: ['airflow:TagResource', 'airflow:UntagResource'],
  },
  (h) => {
    freezeDateAt(NOW);

    describe('listing and completion', () => {
      it('lists names as ARNs, leaving status, creation time and tags to complete()', async () => {
        seedMwaaEnvironment(h.account, { name: 'etl-dev', tags: { team: 'data' } });

        expect(await h.listAll()).toEqual([
          {
            type: 'airflow:environment',
            arn: `arn:aws:airflow:${REGION}:${h.account.accountId}:environment/etl-dev`,
            id: 'etl-dev',
            name: 'etl-dev',
            region: REGION,
            accountId: h.account.accountId,
            tags: {},
            needsCompletion: true,
          },
        ]);
        expect(h.account.calls.map((c) => c.command)).toEqual(['ListEnvironments']);
        expect(h.account.callsOf('ListEnvironments')[0]?.input).toEqual({ MaxResults: 25 });
      });

      it('completes from GetEnvironment alone: status, class, creation time, and the tags MWAA holds', async () => {
        const createdAt = new Date('2026-10-01T08:00:00Z');
        const e = seedMwaaEnvironment(h.account, { name: 'etl', createdAt, environmentClass: 'mw1.medium', minWorkers: 2 });
        h.account.setTags(e.arn, { team: 'data' });
        h.account.taggingApiGaps.add(e.arn);

        expect(await h.completed(e.arn)).toMatchObject({
          createdAt,
          tags: { team: 'data' },
          details: {
            status: 'AVAILABLE',
            environmentClass: 'mw1.medium',
            airflowVersion: '2.10.3',
            minWorkers: 2,
            maxWorkers: 10,
            schedulers: 2,
            webserverAccessMode: 'PRIVATE_ONLY',
            endpointManagement: 'SERVICE',
          },
        });
        expect(h.commandsCalled()).toEqual(['ListEnvironments', 'GetEnvironment']);
        expect(h.account.callsOf('GetEnvironment').map((c) => c.input)).toEqual([{ Name: 'etl' }]);
      });

      it('leaves out environments being created, being deleted or deleted; every other status is inventory', async () => {
        const kept = [
          'AVAILABLE',
          'CREATE_FAILED',
          'UPDATE_FAILED',
          'UNAVAILABLE',
          'UPDATING',
          'CREATING_SNAPSHOT',
          'ROLLING_BACK',
          'MAINTENANCE',
          'PENDING',
        ].map((status) => seedMwaaEnvironment(h.account, { status: status as never }).arn);
        for (const status of ['CREATING', 'DELETING', 'DELETED'] as const) seedMwaaEnvironment(h.account, { status });

        expect((await h.listAndComplete()).map((r) => r.arn).sort()).toEqual(kept.sort());
      });

      it('leaves out an environment whose deletion started between the listing and completion', async () => {
        const e = seedMwaaEnvironment(h.account);
        const listed = await h.listAll();
        h.account.get(e.arn).data.status = 'DELETING';

        expect(await mwaaEnvironment.complete!(h.clients, listed)).toEqual([]);
      });
    });

    describe('deletion', () => {
      const kept =
        'S3 bucket etl-dags (DAGs, plugins, requirements), execution role AmazonMWAA-etl, the VPC, its subnets and security groups stay';

      it('starts the deletion, saying the metadata database goes without a backup and what stays; gone once MWAA finishes', async () => {
        const e = seedMwaaEnvironment(h.account, { name: 'etl' });

        expect(await h.deleteListed(e.arn)).toEqual({
          status: 'started',
          note:
            'the environment is DELETING; its Airflow metadata database goes with it: DAG run history, and the connections ' +
            `and variables stored there (MWAA takes no backup of it); ${kept}`,
        });
        expect(h.account.callsOf('DeleteEnvironment').map((c) => c.input)).toEqual([{ Name: 'etl' }]);
        expect(await h.listAndComplete()).toEqual([]);
        finishMwaaDeletions(h.account);
        expect(h.account.exists(e.arn)).toBe(false);
      });

      it('with backups off, the note does not promise or deny one', async () => {
        const e = seedMwaaEnvironment(h.account, { name: 'etl' });

        expect(await h.deleteListed(e.arn, { backup: false })).toEqual({
          status: 'started',
          note:
            'the environment is DELETING; its Airflow metadata database goes with it: DAG run history, and the connections ' +
            `and variables stored there; ${kept}`,
        });
      });

      it('names the customer-managed VPC endpoints among what stays', async () => {
        const e = seedMwaaEnvironment(h.account, { endpointManagement: 'CUSTOMER' });

        expect(await h.deleteListed(e.arn)).toMatchObject({
          status: 'started',
          note: expect.stringMatching(/security groups, the VPC endpoints created for it stay$/),
        });
      });

      it('deletes an environment that failed to create or update, or is unavailable', async () => {
        for (const status of ['CREATE_FAILED', 'UPDATE_FAILED', 'UNAVAILABLE'] as const) {
          const e = seedMwaaEnvironment(h.account, { status });
          expect(await h.deleteListed(e.arn), status).toMatchObject({ status: 'started' });
        }
        expect(h.account.callsOf('DeleteEnvironment')).toHaveLength(3);
      });

      it('retries an environment updating, snapshotting, rolling back, in maintenance or pending in a later wave', async () => {
        for (const status of ['UPDATING', 'CREATING_SNAPSHOT', 'ROLLING_BACK', 'MAINTENANCE', 'PENDING'] as const) {
          const e = seedMwaaEnvironment(h.account, { status });
          await expect(h.deleteListed(e.arn), status).rejects.toBeInstanceOf(RetryLaterError);
        }
        expect(h.account.callsOf('DeleteEnvironment')).toEqual([]);
      });

      it('re-reads the status at deletion: an update started since the listing is waited for', async () => {
        const e = seedMwaaEnvironment(h.account);
        const listed = await h.completed(e.arn);
        h.account.get(e.arn).data.status = 'UPDATING';

        await expect(mwaaEnvironment.delete(h.clients, listed, DEFAULT_DELETION)).rejects.toThrow(
          `MWAA environment ${e.data.name} is UPDATING`,
        );
        expect(h.account.callsOf('DeleteEnvironment')).toEqual([]);
      });

      it('reports an environment already being deleted as started, without deleting it again', async () => {
        const e = seedMwaaEnvironment(h.account);
        const listed = await h.completed(e.arn);
        h.account.get(e.arn).data.status = 'DELETING';

        expect(await mwaaEnvironment.delete(h.clients, listed, DEFAULT_DELETION)).toEqual({
          status: 'started',
          note: 'the environment was already being deleted',
        });
        expect(h.account.callsOf('DeleteEnvironment')).toEqual([]);
      });

      it('skips a status it does not know, rather than guess', async () => {
        const e = seedMwaaEnvironment(h.account);
        const listed = await h.completed(e.arn);
        h.account.get(e.arn).data.status = 'HIBERNATING';

        expect(await mwaaEnvironment.delete(h.clients, listed, DEFAULT_DELETION)).toMatchObject({
          status: 'skipped',
          reason: expect.stringContaining('status HIBERNATING is not one'),
        });
        expect(h.account.callsOf('DeleteEnvironment')).toEqual([]);
      });
    });

    describe('declarations', () => {
      it('describes the environment, keeping Airflow option names but never their values', async () => {
        const e = seedMwaaEnvironment(h.account, {
          airflowConfigurationOptions: { 'smtp.smtp_password': 'hunter2', 'core.default_timezone': 'utc' },
        });
        const configuration = (await mwaaEnvironment.describe!(h.clients, await h.completed(e.arn))) as Record<string, any>;

        expect(configuration).toMatchObject({
          Name: e.data.name,
          EnvironmentClass: 'mw1.small',
          AirflowConfigurationOptionNames: ['smtp.smtp_password', 'core.default_timezone'],
        });
        expect(configuration).not.toHaveProperty('AirflowConfigurationOptions');
        expect(JSON.stringify(configuration)).not.toContain('hunter2');
      });

      it('estimates the environment hour of the small, medium and large classes; none for others', async () => {
        const hintOf = async (environmentClass: string) =>
          mwaaEnvironment.costHint!(await h.completed(seedMwaaEnvironment(h.account, { environmentClass }).arn));

        expect(await hintOf('mw1.small')).toBe('~$358/month (mw1.small) + extra workers and schedulers, metadata storage');
        expect(await hintOf('mw1.medium')).toBe('~$540/month (mw1.medium) + extra workers and schedulers, metadata storage');
        expect(await hintOf('mw1.large')).toBe('~$723/month (mw1.large) + extra workers and schedulers, metadata storage');
        expect(await hintOf('mw1.xlarge')).toBeUndefined();
        expect(mwaaEnvironment.costHint!(await h.listed(seedMwaaEnvironment(h.account).arn))).toBeUndefined();
      });

      it('links to the environment in the MWAA console', async () => {
        const listed = await h.listed(seedMwaaEnvironment(h.account, { name: 'etl-dev' }).arn);

        expect(mwaaEnvironment.consoleUrl(listed)).toBe(
          'https://eu-west-1.console.aws.amazon.com/mwaa/home?region=eu-west-1#environments/etl-dev',
        );
      });
    });
  },
);
