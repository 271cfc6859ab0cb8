import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { janitorMain } from '../../lambda/cli/janitor';
import { MARK_TAG } from '../../lambda/core/model';
import { DEFAULT_STACK_NAME } from '../../lib/app';
import { FakeAccount, type FakeResource, mockFakeServices } from '../fakes/fake-account';
import { fakeServicesOf } from '../fakes/install';
import { seedStack } from '../fakes/services/cloudformation';
import { installCloudFormationOutputs, setStackOutputs } from '../fakes/services/cloudformation-outputs';
import { seedInstance } from '../fakes/services/ec2';
import { installLambda } from '../fakes/services/lambda';
import { seedBucket } from '../fakes/services/s3';
import { type FakeSchedule, installScheduler, seedSchedule } from '../fakes/services/scheduler';
import { seedStateMachine } from '../fakes/services/sfn';
import { executionsOf, installStepFunctionsControl } from '../fakes/services/stepfunctions-control';
import { type SlackServer, startSlackServer } from '../fakes/slack-server';
import { readmeCommands, readmeJsonFragment } from '../support/readme-commands';
import { type CliRun, runCli } from '../support/run-cli';

/**
 * The README as a newcomer follows it: every command it shows, run as written against the shipped
 * cdk.json. `npx janitor …` runs in-process against a fake account (its AWS) and the loopback
 * Slack; `npx tsx …` and `npx cdk synth …` run as child processes; what needs a real AWS account
 * or is the test suite itself is listed with the reason it is not run here.
 */

type JanitorJson = Record<string, any>;

const REPO = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
const SHIPPED: JanitorJson = JSON.parse(fs.readFileSync(path.join(REPO, 'cdk.json'), 'utf8')).context.janitor;
const NOW = new Date('2026-11-20T12:00:00Z');
const LONG_AGO = new Date('2026-09-01T00:00:00Z');
const ACCOUNT = '111111111111';

interface World {
  readonly account: FakeAccount;
  readonly slack: SlackServer;
  readonly auditBucket: string;
  readonly handMade: FakeResource;
  readonly marked: FakeResource;
  readonly schedule: FakeSchedule;
  readonly tmp: string;
}

type Step =
  /** In-process through the `janitor` command's own dispatch; `check` reads what it printed and did. */
  | { readonly janitor: (run: CliRun, world: World) => void }
  /**
   * A child process in the repo, the command as written (placeholders filled); `check` reads its
   * stdout. `edit`: the configuration the README has had the reader change by then, passed as the
   * README says settings may be (`-c janitorConfig=file`, `--config file`).
   */
  | { readonly shell: (stdout: string, world: World) => void; readonly edit?: (shipped: JanitorJson) => JanitorJson }
  | { readonly notRun: string };

const NEEDS_AWS = 'needs a real AWS account (it deploys or changes one)';
const DEV = 'a development command: .ci/run runs it from a clean clone';
const BENCH = 'a measurement of many minutes, not a test: bench/RESULTS.md and bench/ORG-SCALE.md are its output';

const exitsZero = (run: CliRun) => expect(run, run.err).toMatchObject({ code: 0 });
const json = (text: string) => JSON.parse(text);

/** Every command the README shows, and how this spec runs it. */
const WALKTHROUGH: Record<string, Step> = {
  'npm ci && npx cdk deploy': { notRun: NEEDS_AWS },
  'npm ci && npm test': { notRun: DEV },
  'npx cdk synth': {
    shell: (out) => expect(out).toContain('AWS::StepFunctions::StateMachine'),
  },
  'npx janitor plan --region eu-west-1,us-east-1': {
    janitor: (run, w) => {
      exitsZero(run);
      expect(run.out).toMatch(/dry run/i);
      expect(run.out).toContain(w.handMade.data.instanceId);
      expect(run.out).toContain('us-east-1');
    },
  },
  'npx janitor plan --profile sandbox --region eu-west-1 --json': {
    janitor: (run) => {
      exitsZero(run);
      expect(json(run.out)).toMatchObject({ schemaVersion: expect.any(Number), dryRun: true });
    },
  },
  'npx janitor plan --region eu-west-1 --audit-bucket <AuditBucketName output>': {
    janitor: (run, w) => {
      exitsZero(run);
      expect(run.out).toContain(w.handMade.data.instanceId);
      expect(run.out).not.toMatch(/without .*ledger|no announcement ledger/i);
    },
  },
  'npx janitor plan --region eu-west-1 --census': {
    janitor: (run) => {
      exitsZero(run);
      expect(run.out).toContain('ManagedBy');
    },
  },
  'npx cdk synth -c janitorMemberOf=111111111111 > member-role.yaml || rm -f member-role.yaml': {
    edit: (shipped) => ({ ...shipped, ...readmeJsonFragment(README, 'targets') }),
    shell: (_, w) => {
      const yaml = fs.readFileSync(path.join(w.tmp, 'member-role.yaml'), 'utf8');
      expect(yaml).toContain('AWS::IAM::Role');
      // Trusts the janitor account's sweep role only, with the README's external id.
      expect(yaml).toContain(`:iam::${ACCOUNT}:role/${DEFAULT_STACK_NAME}-sweep`);
      expect(yaml).toContain('sts:ExternalId: a-long-random-string');
    },
  },
  'npx cdk deploy -c janitorMemberOf=111111111111': { notRun: `${NEEDS_AWS}; its synth is run above` },
  'npx cdk deploy -c janitorMemberOf=111111111111 -c janitorOrganizationId=o-a1b2c3d4e5': {
    notRun: `${NEEDS_AWS}; the organization condition is specified in test/cdk/member-stack.test.ts`,
  },
  'aws cloudformation create-stack-set --stack-set-name janitor-member-role --template-body file://member-role.yaml --capabilities CAPABILITY_NAMED_IAM --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false':
    { notRun: `the AWS CLI against an organization: ${NEEDS_AWS}` },
  'aws cloudformation create-stack-instances --stack-set-name janitor-member-role --deployment-targets OrganizationalUnitIds=ou-ab12-abcdefgh --regions us-east-1':
    { notRun: `the AWS CLI against an organization: ${NEEDS_AWS}` },
  'aws secretsmanager create-secret --name janitor/slack-bot-token --secret-string xoxb-...': {
    notRun: `the AWS CLI: ${NEEDS_AWS}; doctor below reads a secret of this shape`,
  },
  'npx tsx bin/janitor-slack-manifest.ts': {
    shell: (out) => expect(json(out)).toEqual(json(fs.readFileSync(path.join(REPO, 'docs', 'slack-app-manifest.json'), 'utf8'))),
  },
  'npx tsx bin/janitor-slack-manifest.ts --keep-url <KeepEndpointUrl>': {
    edit: (shipped) => ({
      ...shipped,
      slack: { ...shipped.slack, keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0123ABCD'] } },
    }),
    shell: (out) => expect(json(out).settings.interactivity).toMatchObject({ is_enabled: true, request_url: KEEP_URL }),
  },
  'npx tsx bin/janitor-scp.ts [--account <janitor account>] [--also-allow <principal ARN pattern>]': {
    shell: (out) => {
      expect(out).toContain(ACCOUNT);
      expect(out).toContain('role/BreakGlass');
    },
  },
  'npx janitor doctor --region <region>': {
    janitor: (run) => {
      exitsZero(run);
      expect(run.out).toMatch(/^✓ .*token/m);
      expect(run.out).not.toMatch(/^✗/m);
    },
  },
  'npx janitor preview-slack': {
    janitor: (run, w) => {
      exitsZero(run);
      expect(run.out).toContain('https://app.slack.com/block-kit-builder');
      expect(run.out).toContain(w.handMade.data.instanceId);
    },
  },
  'npx cdk bootstrap': { notRun: NEEDS_AWS },
  'npx cdk deploy': { notRun: NEEDS_AWS },
  'npx cdk deploy -c janitorConfig=../platform/janitor.json': {
    notRun: `${NEEDS_AWS}; the same -c janitorConfig synth is specified in test/cdk/janitor-config-file.test.ts`,
  },
  'npx cdk diff': { notRun: 'needs the deployed stack in a real AWS account' },
  'npx janitor plan': {
    janitor: (run, w) => {
      exitsZero(run);
      expect(run.out).toContain(w.handMade.data.instanceId);
    },
  },
  'npx janitor unmark --region eu-west-1,us-east-1': {
    janitor: (run, w) => {
      exitsZero(run);
      expect(w.account.get(w.marked.arn).tags[MARK_TAG]).toBeUndefined();
      expect(w.account.get(w.marked.arn).tags.team).toBe('data');
    },
  },
  'npx janitor run-now': {
    janitor: (run, w) => {
      exitsZero(run);
      expect(executionsOf(w.account).map((e) => e.name)).toEqual([expect.stringMatching(/^manual-/)]);
    },
  },
  'npx janitor pause': {
    janitor: (run, w) => {
      exitsZero(run);
      expect(w.schedule.State).toBe('DISABLED');
    },
  },
  'npx janitor resume': {
    janitor: (run, w) => {
      exitsZero(run);
      expect(w.schedule.State).toBe('ENABLED');
    },
  },
  'npm pack': { notRun: 'packs the working tree; test/cdk/package-install.test.ts packs a copy and installs it' },
  'npm install github:<org>/<repo>': {
    notRun: 'needs the repository on GitHub; npm packs it as `npm pack` does (test/cdk/package-install.test.ts)',
  },
  'npm run bench': { notRun: BENCH },
  'npm run bench:org': { notRun: BENCH },
  'npm ci': { notRun: DEV },
  'npm test': { notRun: DEV },
  'npm run lint': { notRun: DEV },
  'npm run format': { notRun: 'rewrites the working tree; `npm run lint` (in CI) checks the same rules' },
  'npx vitest --project fast': { notRun: DEV },
};

const KEEP_URL = 'https://abc123.execute-api.eu-west-1.amazonaws.com/slack/keep';

/** The README's placeholders, as a newcomer fills them in. */
function filled(command: string, w: World): string {
  return command
    .replace('<AuditBucketName output>', w.auditBucket)
    .replace('<region>', 'eu-west-1')
    .replace('<KeepEndpointUrl>', KEEP_URL)
    .replace('[--account <janitor account>]', `--account ${ACCOUNT}`)
    .replace('[--also-allow <principal ARN pattern>]', "--also-allow 'arn:aws:iam::*:role/BreakGlass'")
    .replace('> member-role.yaml', `> ${path.join(w.tmp, 'member-role.yaml')}`);
}

/** `npx janitor a b c` → ['a', 'b', 'c']: the README's janitor commands have no quoting. */
const janitorArgv = (command: string) =>
  command
    .replace(/^npx janitor\s*/, '')
    .split(/\s+/)
    .filter(Boolean);

describe('the README, followed as written', () => {
  let world: World;
  let restore: () => void;

  beforeAll(async () => {
    const account = new FakeAccount(ACCOUNT);
    restore = mockFakeServices([
      ...fakeServicesOf(account),
      installLambda(account),
      installStepFunctionsControl(account),
      installScheduler(account),
      installCloudFormationOutputs(account),
    ]);
    account.secrets.set(SHIPPED.slack.tokenSecretName, 'xoxb-walkthrough');
    const slack = await startSlackServer({
      scopes: ['chat:write', 'files:write'],
      channels: [{ id: 'C0PLATFORM', name: SHIPPED.slack.channel.replace(/^#/, ''), isMember: true }],
    });
    const machine = seedStateMachine(account, { name: 'RunOrchestrationStateMachine' });
    const schedule = seedSchedule(account, { Name: `${DEFAULT_STACK_NAME}-NightlySchedule`, stateMachineArn: machine.arn });
    setStackOutputs(seedStack(account, { name: DEFAULT_STACK_NAME }), {
      StateMachineArn: machine.arn,
      ScheduleName: schedule.Name,
      Schedule: SHIPPED.schedule.expression,
    });
    const auditBucket = seedBucket(account, { name: 'janitor-audit-walkthrough', tags: { ManagedBy: 'cdk' } }).data.name;
    const handMade = seedInstance(account, { region: 'eu-west-1', tags: { Name: 'load-test' }, launchTime: LONG_AGO });
    const marked = seedInstance(account, {
      region: 'us-east-1',
      tags: { team: 'data', [MARK_TAG]: '2026-11-21T02:00:00Z' },
      launchTime: LONG_AGO,
    });
    world = { account, slack, auditBucket, handMade, marked, schedule, tmp: fs.mkdtempSync(path.join(os.tmpdir(), 'readme-walkthrough-')) };
  });
  afterAll(async () => {
    restore();
    await world.slack.close();
    fs.rmSync(world.tmp, { recursive: true, force: true });
  });

  it('shows exactly the commands this spec knows how to run or why it does not', () => {
    expect(readmeCommands(README).sort()).toEqual(Object.keys(WALKTHROUGH).sort());
  });

  // In the README's order: unmark comes after the plans that expect the mark, pause before resume.
  for (const command of readmeCommands(README)) {
    const step = WALKTHROUGH[command];
    if (!step || 'notRun' in step) continue;
    it(`runs: ${command}`, { timeout: 180_000 }, async () => {
      if ('janitor' in step) {
        const run = await runCli(janitorMain, janitorArgv(filled(command, world)), {
          isTTY: false,
          // A newcomer's shell has a region (AWS_REGION or the profile's).
          env: { AWS_REGION: 'eu-west-1' },
          cwd: REPO,
          now: NOW,
          slackApiUrl: world.slack.url,
          credentials: async () => ({ accessKeyId: 'AKIDWALKTHROUGH', secretAccessKey: 'secret', accountId: ACCOUNT }),
        });
        step.janitor(run, world);
      } else {
        const edited = step.edit ? withConfig(filled(command, world), step.edit(SHIPPED), world) : filled(command, world);
        step.shell(shell(edited, world), world);
      }
    });
  }
});

/** The command reading `config` from a file, the way the README says each command takes one. */
function withConfig(command: string, config: JanitorJson, w: World): string {
  const file = path.join(w.tmp, 'janitor.json');
  fs.writeFileSync(file, JSON.stringify(config));
  if (command.startsWith('npx cdk ')) return command.replace(/^npx cdk \w+/, (verb) => `${verb} -c janitorConfig=${file}`);
  return command.replace(/^(npx tsx \S+)/, `$1 --config ${file}`);
}

/** A command in a shell in the repo; cdk writes its assembly to a scratch folder, not the repo's cdk.out. */
function shell(command: string, w: World): string {
  const withOptions = command.replace(/^npx cdk synth/, `npx cdk synth --output ${path.join(w.tmp, 'cdk.out')}`);
  const result = spawnSync('sh', ['-c', withOptions], { cwd: REPO, encoding: 'utf8', timeout: 170_000 });
  expect(result.status, `${withOptions}\n${result.stderr}`).toBe(0);
  return result.stdout;
}
