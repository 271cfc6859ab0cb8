import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeleteStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_JANITOR_STACK_NAME,
  RUN_CONTROL_USAGE,
  type RunControlCommand,
  runControlMain,
  stackNameFor,
} from '../../lambda/cli/run-control';
import { RunControlAwsClients, RunControlWriteRefused } from '../../lambda/cli/run-control-clients';
import { isManualRun, manualExecutionName } from '../../lambda/run/manual-run';
import { DEFAULT_STACK_NAME } from '../../lib/app';
import { FakeAccount, FakeAwsError, type FakeResource, mockFakeServices } from '../fakes/fake-account';
import { fakeServicesOf } from '../fakes/install';
import { seedStack } from '../fakes/services/cloudformation';
import { installCloudFormationOutputs, setStackOutputs } from '../fakes/services/cloudformation-outputs';
import { type FakeSchedule, installScheduler, seedSchedule } from '../fakes/services/scheduler';
import { seedStateMachine } from '../fakes/services/sfn';
import { executionsOf, installStepFunctionsControl, seedExecution } from '../fakes/services/stepfunctions-control';
import { type CliRun, runCli } from '../support/run-cli';

const REPO = path.resolve(__dirname, '..', '..');
const NOW = new Date('2026-11-21T14:03:04.567Z');

describe('janitor run-now, pause, resume', () => {
  let account: FakeAccount;
  let restore: () => void;
  let machine: FakeResource;
  let schedule: FakeSchedule;

  beforeEach(() => {
    account = new FakeAccount();
    restore = mockFakeServices([
      ...fakeServicesOf(account),
      installStepFunctionsControl(account),
      installScheduler(account),
      installCloudFormationOutputs(account),
    ]);
    machine = seedStateMachine(account, { name: 'RunOrchestrationStateMachine' });
    schedule = seedSchedule(account, {
      Name: 'UntaggedResourceJanitor-NightlySchedule',
      stateMachineArn: machine.arn,
      // Optional fields a careless UpdateSchedule would reset.
      StartDate: new Date('2026-02-01T00:00:00Z'),
      EndDate: new Date('2030-01-01T00:00:00Z'),
      KmsKeyArn: `arn:aws:kms:eu-west-1:${account.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    });
    schedule.Target!.DeadLetterConfig = { Arn: `arn:aws:sqs:eu-west-1:${account.accountId}:janitor-dlq` };
    const stack = seedStack(account, { name: DEFAULT_JANITOR_STACK_NAME });
    setStackOutputs(stack, {
      StateMachineArn: machine.arn,
      ScheduleName: schedule.Name,
      Schedule: 'cron(0 2 * * ? *) UTC',
    });
  });
  afterEach(() => restore());

  const credentials = async () => ({ accessKeyId: 'AKIDRUNCONTROL', secretAccessKey: 'secret', accountId: account.accountId });

  function janitor(command: RunControlCommand, argv: string[] = [], env: NodeJS.ProcessEnv = { USER: 'ana' }): Promise<CliRun> {
    return runCli((a, d) => runControlMain(command, a, d), ['--region', 'eu-west-1', ...argv], {
      env,
      cwd: REPO,
      now: NOW,
      credentials,
    });
  }

  /** One line, no stack trace. */
  function expectOneLine(err: string): void {
    expect(err.endsWith('\n')).toBe(true);
    expect(err.trimEnd().split('\n')).toHaveLength(1);
    expect(err).not.toMatch(/\n\s+at /);
  }

  describe('run-now', () => {
    it('starts one execution, named as started by hand, with the input the schedule sends', async () => {
      const { code, out, err } = await janitor('run-now');
      expect(err).toBe('');
      expect(code).toBe(0);

      expect(account.callsOf('DescribeStacks').map((c) => c.input)).toEqual([{ StackName: DEFAULT_JANITOR_STACK_NAME }]);
      expect(account.callsOf('ListExecutions').map((c) => c.input)).toEqual([
        { stateMachineArn: machine.arn, statusFilter: 'RUNNING', maxResults: 1 },
      ]);
      const starts = account.callsOf('StartExecution');
      expect(starts).toHaveLength(1);
      expect(starts[0]!.input.stateMachineArn).toBe(machine.arn);
      expect(starts[0]!.input.name).toBe('manual-20261121T140304Z-ana');
      const input = JSON.parse(starts[0]!.input.input);
      // The schedule's keys (source, scheduledTime, as in nightly-schedule.ts), with the start where it puts its time.
      expect(input).toEqual({ source: 'janitor.run-now', scheduledTime: '2026-11-21T14:03:04Z', startedBy: 'janitor run-now' });
      expect(Object.keys(input)).toEqual(expect.arrayContaining(Object.keys(JSON.parse(schedule.Target!.Input!))));
      expect(account.mutatingCalls().map((c) => c.command)).toEqual(['StartExecution']);

      const [execution] = executionsOf(account);
      expect(execution).toMatchObject({ name: 'manual-20261121T140304Z-ana', status: 'RUNNING' });
      expect(out).toContain('janitor run-now: started manual-20261121T140304Z-ana (stack UntaggedResourceJanitor, eu-west-1)');
      expect(out).toContain(`  execution  ${execution!.executionArn}`);
      expect(out).toContain(
        `  console    https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${execution!.executionArn}`,
      );
      expect(out).toContain(
        'A run started by hand marks and deletes exactly like a nightly one, unless the janitor is deployed with dryRun: true.',
      );
      expect(out).toContain('This janitor is not a dry run');
    });

    it("says when the deployed janitor is a dry run (the stack's Schedule output)", async () => {
      setStackOutputs(seedStack(account, { name: 'DryJanitor' }), {
        StateMachineArn: machine.arn,
        ScheduleName: schedule.Name,
        Schedule: 'cron(0 2 * * ? *) UTC (dry run: reports only, changes nothing)',
      });
      const { code, out } = await janitor('run-now', ['--stack', 'DryJanitor']);
      expect(code).toBe(0);
      expect(out).toContain('This janitor is deployed as a dry run (stack output Schedule): this run only reports.');
    });

    it('refuses while an execution is running, naming it; --force starts one anyway', async () => {
      const running = seedExecution(account, machine.arn, {
        name: 'nightly-7f3a',
        status: 'RUNNING',
        startDate: new Date('2026-11-21T02:00:00Z'),
      });
      seedExecution(account, machine.arn, { name: 'nightly-older', status: 'SUCCEEDED' });

      const refused = await janitor('run-now');
      expect(refused.code).toBe(1);
      expect(refused.out).toBe('');
      expectOneLine(refused.err);
      expect(refused.err).toContain('an execution is already running: nightly-7f3a (started 2026-11-21T02:00:00.000Z)');
      expect(refused.err).toContain(running.executionArn);
      expect(refused.err).toContain('--force');
      expect(account.callsOf('StartExecution')).toEqual([]);

      const forced = await janitor('run-now', ['--force']);
      expect(forced.err).toBe('');
      expect(forced.code).toBe(0);
      expect(forced.out).toContain('--force: starting alongside the execution already running, nightly-7f3a');
      expect(account.callsOf('StartExecution')).toHaveLength(1);
    });

    it('a second start in the same second is one clear line, not an AWS error', async () => {
      expect((await janitor('run-now')).code).toBe(0);
      const again = await janitor('run-now', ['--force']);
      expect(again.code).toBe(1);
      expectOneLine(again.err);
      expect(again.err).toContain('an execution named manual-20261121T140304Z-ana already exists');
    });
  });

  describe('execution names', () => {
    it('manual-<UTC time>-<user>, valid execution-name characters only, at most 80', () => {
      expect(manualExecutionName(NOW, undefined)).toBe('manual-20261121T140304Z-cli');
      expect(manualExecutionName(NOW, 'DOMAIN\\Ana María')).toBe('manual-20261121T140304Z-DOMAIN-Ana-Mar-a');
      expect(manualExecutionName(NOW, '::')).toBe('manual-20261121T140304Z-cli');
      const long = manualExecutionName(NOW, 'x'.repeat(200));
      expect(long).toHaveLength(80);
      for (const name of [long, manualExecutionName(NOW, 'a b/c:d')]) {
        expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
        expect(isManualRun(name)).toBe(true);
      }
    });

    it('without USER the execution is named for the CLI', async () => {
      expect((await janitor('run-now', [], {})).code).toBe(0);
      expect(account.callsOf('StartExecution')[0]!.input.name).toBe('manual-20261121T140304Z-cli');
    });
  });

  describe('pause and resume', () => {
    const withoutModified = (s: FakeSchedule) => {
      const { LastModificationDate: _modified, ...rest } = structuredClone(s);
      return rest;
    };

    it('round-trip every schedule field unchanged except State', async () => {
      const before = withoutModified(schedule);

      const paused = await janitor('pause');
      expect(paused.err).toBe('');
      expect(paused.code).toBe(0);
      expect(paused.out).toContain(`janitor pause: paused the nightly schedule ${schedule.Name} (cron(0 2 * * ? *) UTC): State DISABLED.`);
      expect(withoutModified(schedule)).toEqual({ ...before, State: 'DISABLED' });
      // Every field GetSchedule returned went back, less the read-only ones.
      const [update] = account.callsOf('UpdateSchedule');
      expect(Object.keys(update!.input).sort()).toEqual(
        Object.keys(before)
          .filter((k) => !['Arn', 'CreationDate', 'region'].includes(k))
          .sort(),
      );

      const resumed = await janitor('resume');
      expect(resumed.err).toBe('');
      expect(resumed.code).toBe(0);
      expect(resumed.out).toContain(
        `janitor resume: resumed the nightly schedule ${schedule.Name} (cron(0 2 * * ? *) UTC): State ENABLED.`,
      );
      expect(withoutModified(schedule)).toEqual(before);
      expect(account.mutatingCalls().map((c) => c.command)).toEqual(['UpdateSchedule', 'UpdateSchedule']);
    });

    it('pausing a paused schedule (or resuming a running one) changes nothing and is not an error', async () => {
      expect((await janitor('pause')).code).toBe(0);
      const again = await janitor('pause');
      expect(again.code).toBe(0);
      expect(again.out).toBe(`janitor pause: the nightly schedule ${schedule.Name} is already paused (State DISABLED); nothing changed.\n`);
      expect(account.callsOf('UpdateSchedule')).toHaveLength(1);

      expect((await janitor('resume')).code).toBe(0);
      const running = await janitor('resume');
      expect(running.code).toBe(0);
      expect(running.out).toContain('is already running nightly (State ENABLED); nothing changed.');
      expect(account.callsOf('UpdateSchedule')).toHaveLength(2);
    });

    it('access denied on UpdateSchedule names scheduler:UpdateSchedule and iam:PassRole on the schedule role', async () => {
      account.failNext(
        'UpdateSchedule',
        () =>
          new FakeAwsError(
            'AccessDeniedException',
            `User: arn:aws:iam::${account.accountId}:user/ana is not authorized to perform: iam:PassRole`,
          ),
      );
      const { code, err } = await janitor('pause');
      expect(code).toBe(1);
      expectOneLine(err);
      expect(err).toContain(`scheduler:UpdateSchedule on schedule ${schedule.Name} and iam:PassRole on ${schedule.Target!.RoleArn}`);
      expect(schedule.State).toBe('ENABLED');
    });
  });

  describe('the stack', () => {
    it('a missing stack: one line with the fix, exit 1', async () => {
      const { code, out, err } = await janitor('run-now', ['--stack', 'NotTheJanitor']);
      expect(code).toBe(1);
      expect(out).toBe('');
      expectOneLine(err);
      expect(err).toBe(
        'janitor run-now: stack NotTheJanitor not found in eu-west-1: deploy the janitor there (npx cdk deploy), or pass --stack and --region for where it is\n',
      );
    });

    it('a missing output: one line with the fix, exit 1', async () => {
      setStackOutputs(seedStack(account, { name: 'OldJanitor' }), { StateMachineArn: machine.arn });
      const { code, err } = await janitor('pause', ['--stack', 'OldJanitor']);
      expect(code).toBe(1);
      expectOneLine(err);
      expect(err).toContain('janitor pause: stack OldJanitor in eu-west-1 has no output ScheduleName:');
      expect(err).toContain('npx cdk deploy');
      expect(account.callsOf('GetSchedule')).toEqual([]);
    });

    it('access denied on DescribeStacks: one line naming the action to grant, exit 1', async () => {
      account.failNext(
        'DescribeStacks',
        () =>
          new FakeAwsError(
            'AccessDenied',
            `User: arn:aws:iam::${account.accountId}:user/ana is not authorized to perform: cloudformation:DescribeStacks\nsecond line`,
          ),
      );
      const { code, err } = await janitor('resume');
      expect(code).toBe(1);
      expectOneLine(err);
      expect(err).toContain(
        `janitor resume: access denied on cloudformation:DescribeStacks: grant these credentials cloudformation:DescribeStacks on stack ${DEFAULT_JANITOR_STACK_NAME}`,
      );
      expect(err).toContain('README "Start a run now, pause, resume"');
    });

    it("defaults to the CDK app's stack name, or cdk.json's janitorStackName", () => {
      expect(DEFAULT_JANITOR_STACK_NAME).toBe(DEFAULT_STACK_NAME);
      expect(stackNameFor({ force: false, help: false }, REPO)).toBe(
        JSON.parse(fs.readFileSync(path.join(REPO, 'cdk.json'), 'utf8')).context.janitorStackName,
      );
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-run-control-'));
      try {
        fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ context: { janitorStackName: 'TeamJanitor' } }));
        expect(stackNameFor({ force: false, help: false }, dir)).toBe('TeamJanitor');
        expect(stackNameFor({ stack: 'Explicit', force: false, help: false }, dir)).toBe('Explicit');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('bad usage exits 2 with the usage; --force is run-now only', async () => {
      const bad = await runCli((a, d) => runControlMain('pause', a, d), ['--force'], { env: {}, cwd: REPO, credentials });
      expect(bad.code).toBe(2);
      expect(bad.err).toBe(`janitor pause: unknown option "--force"\n\n${RUN_CONTROL_USAGE.pause}`);
      const twoRegions = await runCli((a, d) => runControlMain('run-now', a, d), ['--region', 'eu-west-1,us-east-1'], {
        env: {},
        cwd: REPO,
        credentials,
      });
      expect(twoRegions.code).toBe(2);
      expect(account.calls).toEqual([]);
    });
  });

  it('its clients send nothing but the five calls these commands make', async () => {
    const clients = new RunControlAwsClients({ accountId: account.accountId, region: 'eu-west-1', credentials });
    await expect(clients.get(SFNClient).send(new DeleteStateMachineCommand({ stateMachineArn: machine.arn }))).rejects.toThrow(
      RunControlWriteRefused,
    );
    expect(account.calls).toEqual([]);
  });
});

describe('bin/janitor-cli.js', () => {
  it('sends run-now (like pause and resume) to its own entry', () => {
    const bin = path.join(REPO, 'bin', 'janitor-cli.js');
    const run = (...argv: string[]) => spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8' });
    expect(run('run-now', '--help')).toMatchObject({ status: 0, stdout: RUN_CONTROL_USAGE['run-now'] });
  });
});
