import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudFormationClient, DescribeStacksCommand, type DescribeStacksCommandOutput } from '@aws-sdk/client-cloudformation';
import {
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  SchedulerClient,
  type ScheduleState,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { consoleBase } from '../aws/arn';
import { logger } from '../logger';
import { MANUAL_RUN_STARTER, manualExecutionName } from '../run/manual-run';
import { errorText } from '../util/errors';
import { credentialsProblem } from './aws-problems';
import { type CliDeps, cliIo, defaultRegion, EXIT_ERROR, EXIT_OK, EXIT_USAGE, REGION_PATTERN, UsageError } from './plan';
import { RunControlAwsClients } from './run-control-clients';

/**
 * `janitor run-now`, `janitor pause` and `janitor resume`: start the deployed janitor's state
 * machine by hand, and disable or enable its nightly schedule. Both are found through the stack's
 * outputs (StateMachineArn, ScheduleName).
 */

export const RUN_CONTROL_COMMANDS = ['run-now', 'pause', 'resume'] as const;
export type RunControlCommand = (typeof RUN_CONTROL_COMMANDS)[number];

export function isRunControlCommand(command: string | undefined): command is RunControlCommand {
  return (RUN_CONTROL_COMMANDS as readonly (string | undefined)[]).includes(command);
}

/** The CDK app's own default (lib/app.ts DEFAULT_STACK_NAME), without loading the CDK here. */
export const DEFAULT_JANITOR_STACK_NAME = 'UntaggedResourceJanitor';

/** What the README section is called, for the IAM actions each command needs. */
const README_SECTION = 'README "Start a run now, pause, resume"';

const COMMON_OPTIONS = `  --stack     the janitor's CloudFormation stack (default: cdk.json's janitorStackName, else
              ${DEFAULT_JANITOR_STACK_NAME})
  --region    the stack's region (default: AWS_REGION, else the profile's region)
  --profile   AWS profile to use (sets AWS_PROFILE)`;

export const RUN_CONTROL_USAGE: Record<RunControlCommand, string> = {
  'run-now': `usage: janitor run-now [--stack name] [--region r] [--profile name] [--force]

  Starts a janitor run now, with the input the nightly schedule sends. A run started by hand
  marks and deletes exactly like a nightly one (unless the janitor is deployed with dryRun: true).
  Its execution is named manual-<UTC time>-<user>; its Slack summary says it was started by hand.
  Refuses while another execution is running.
${COMMON_OPTIONS}
  --force     start even while another execution is running

  Exit codes: 0 started, 1 refused or failed, 2 bad usage.
`,
  pause: `usage: janitor pause [--stack name] [--region r] [--profile name]

  Disables the nightly schedule: no run starts until janitor resume (janitor run-now still
  starts one by hand). Every other setting of the schedule is kept.
${COMMON_OPTIONS}

  Exit codes: 0 paused (or already paused), 1 failed, 2 bad usage.
`,
  resume: `usage: janitor resume [--stack name] [--region r] [--profile name]

  Enables the nightly schedule again. Every other setting of the schedule is kept.
${COMMON_OPTIONS}

  Exit codes: 0 resumed (or already running nightly), 1 failed, 2 bad usage.
`,
};

export interface RunControlArgs {
  readonly stack?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly force: boolean;
  readonly help: boolean;
}

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

export function parseRunControlArgs(command: RunControlCommand, argv: readonly string[]): RunControlArgs {
  const args = [...argv];
  const out: { -readonly [K in keyof RunControlArgs]: RunControlArgs[K] } = { force: false, help: false };
  for (let arg = args.shift(); arg !== undefined; arg = args.shift()) {
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args.shift();
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--stack':
        out.stack = value();
        if (!STACK_NAME.test(out.stack)) throw new UsageError(`--stack must be a CloudFormation stack name, got "${out.stack}"`);
        break;
      case '--region':
        out.region = value();
        if (!REGION_PATTERN.test(out.region)) throw new UsageError(`unknown region "${out.region}": expected one name like eu-west-1`);
        break;
      case '--profile':
        out.profile = value();
        break;
      case '--force':
        if (command !== 'run-now') throw new UsageError(`unknown option "${arg}"`);
        if (inline !== undefined) throw new UsageError('--force takes no value');
        out.force = true;
        break;
      case '-h':
      case '--help':
        out.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return out;
}

/** --stack, else the `janitorStackName` context of cdk.json (here, else the package's), else the CDK app's default. */
export function stackNameFor(args: RunControlArgs, cwd: string): string {
  if (args.stack) return args.stack;
  const source = [path.resolve(cwd, 'cdk.json'), path.resolve(__dirname, '..', '..', 'cdk.json')].find((c) => existsSync(c));
  if (!source) return DEFAULT_JANITOR_STACK_NAME;
  let raw: { context?: { janitorStackName?: unknown } } | null;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON (${errorText(error)}): fix it or pass --stack`);
  }
  const name = raw?.context?.janitorStackName ?? DEFAULT_JANITOR_STACK_NAME;
  if (typeof name !== 'string' || !STACK_NAME.test(name)) {
    throw new UsageError(`${source}: janitorStackName ${JSON.stringify(name)} is not a stack name: fix it or pass --stack`);
  }
  return name;
}

// ---- AWS calls, each failure as one line with its fix ----------------------------------------

/** A failure already worded for the terminal: printed as one line, exit code 1. */
export class RunControlError extends Error {}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);

function isAccessDenied(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return ACCESS_DENIED.has(e?.name ?? '') || e?.$metadata?.httpStatusCode === 403;
}

function awsSaid(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

/** Sends one call; credentials problems and access denied become a RunControlError naming what to grant. */
async function call<T>(action: string, needs: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const credentials = credentialsProblem(error);
    if (credentials) throw new RunControlError(credentials);
    if (isAccessDenied(error)) {
      throw new RunControlError(
        `access denied on ${action}: grant these credentials ${needs} (see ${README_SECTION}), or use a --profile that has it (AWS: ${awsSaid(error)})`,
      );
    }
    throw error;
  }
}

interface Deployed {
  readonly stackName: string;
  readonly region: string;
  readonly outputs: ReadonlyMap<string, string>;
}

async function deployedStack(clients: RunControlAwsClients, stackName: string): Promise<Deployed> {
  const { region } = clients.target;
  const cfn = clients.get(CloudFormationClient);
  let stacks: DescribeStacksCommandOutput['Stacks'];
  try {
    ({ Stacks: stacks } = await call('cloudformation:DescribeStacks', `cloudformation:DescribeStacks on stack ${stackName}`, () =>
      cfn.send(new DescribeStacksCommand({ StackName: stackName })),
    ));
  } catch (error) {
    if (!(error instanceof RunControlError) && /does not exist/.test(errorText(error))) stacks = [];
    else throw error;
  }
  const stack = stacks?.[0];
  if (!stack) {
    throw new RunControlError(
      `stack ${stackName} not found in ${region}: deploy the janitor there (npx cdk deploy), or pass --stack and --region for where it is`,
    );
  }
  const outputs = new Map((stack.Outputs ?? []).flatMap((o) => (o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue]] : [])));
  return { stackName, region, outputs };
}

function output(stack: Deployed, key: string): string {
  const value = stack.outputs.get(key);
  if (value) return value;
  throw new RunControlError(
    `stack ${stack.stackName} in ${stack.region} has no output ${key}: pass --stack with the janitor's stack, or redeploy it (npx cdk deploy) if it predates ${key}`,
  );
}

/** The deployed configuration's dryRun, as the stack's Schedule output states it. */
function deployedAsDryRun(stack: Deployed): boolean | undefined {
  const schedule = stack.outputs.get('Schedule');
  return schedule === undefined ? undefined : /\(dry run\b/.test(schedule);
}

export function executionConsoleUrl(region: string, executionArn: string): string {
  return `${consoleBase(region)}/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

// ---- run-now ---------------------------------------------------------------------------------

/** What the nightly schedule sends (lib/constructs/nightly-schedule.ts), with the start where it puts scheduledTime. */
export function manualRunInput(now: Date): Record<string, string> {
  return {
    source: 'janitor.run-now',
    scheduledTime: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    startedBy: MANUAL_RUN_STARTER,
  };
}

async function runNow(clients: RunControlAwsClients, stack: Deployed, args: RunControlArgs, now: Date, user?: string): Promise<string[]> {
  const stateMachineArn = output(stack, 'StateMachineArn');
  const sfn = clients.get(SFNClient);
  const needs = `states:ListExecutions and states:StartExecution on ${stateMachineArn}`;
  const { executions } = await call('states:ListExecutions', needs, () =>
    sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', maxResults: 1 })),
  );
  const running = executions?.[0];
  const out: string[] = [];
  if (running) {
    const which = `${running.name} (started ${running.startDate?.toISOString() ?? 'at an unknown time'})`;
    if (!args.force) {
      throw new RunControlError(
        `an execution is already running: ${which}, ${executionConsoleUrl(stack.region, running.executionArn ?? '')}; wait for it to finish, or pass --force to start another alongside it`,
      );
    }
    out.push(`--force: starting alongside the execution already running, ${which}.`);
  }

  const name = manualExecutionName(now, user);
  let executionArn: string | undefined;
  try {
    ({ executionArn } = await call('states:StartExecution', needs, () =>
      sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(manualRunInput(now)) })),
    ));
  } catch (error) {
    if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
    throw new RunControlError(`an execution named ${name} already exists (started this same second): run again in a second`);
  }
  const arn = executionArn ?? `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  const dryRun = deployedAsDryRun(stack);
  out.push(
    `janitor run-now: started ${name} (stack ${stack.stackName}, ${stack.region})`,
    `  execution  ${arn}`,
    `  console    ${executionConsoleUrl(stack.region, arn)}`,
    'A run started by hand marks and deletes exactly like a nightly one, unless the janitor is deployed with dryRun: true.',
  );
  if (dryRun === true) out.push('This janitor is deployed as a dry run (stack output Schedule): this run only reports.');
  if (dryRun === false) out.push('This janitor is not a dry run (stack output Schedule): this run marks and deletes.');
  return out;
}

// ---- pause / resume --------------------------------------------------------------------------

const WORDS: Record<ScheduleState, { verb: string; state: string }> = {
  DISABLED: { verb: 'paused', state: 'paused' },
  ENABLED: { verb: 'resumed', state: 'running nightly' },
};

/**
 * UpdateSchedule replaces the whole schedule (a field left out is reset to its default), so every
 * field GetSchedule returned goes back unchanged, State aside. Read-only fields are dropped.
 */
export function updateInputFrom(got: GetScheduleCommandOutput, state: ScheduleState) {
  const { Arn: _arn, CreationDate: _created, LastModificationDate: _modified, $metadata: _metadata, ...fields } = got;
  const { Name, ScheduleExpression, FlexibleTimeWindow, Target } = fields;
  if (!Name || !ScheduleExpression || !FlexibleTimeWindow || !Target) {
    throw new RunControlError(`GetSchedule returned an incomplete schedule (${Name ?? 'no name'}): not updating it`);
  }
  return { ...fields, Name, ScheduleExpression, FlexibleTimeWindow, Target, State: state };
}

async function setScheduleState(clients: RunControlAwsClients, stack: Deployed, state: ScheduleState): Promise<string[]> {
  const command = state === 'DISABLED' ? 'pause' : 'resume';
  const scheduleName = output(stack, 'ScheduleName');
  const scheduler = clients.get(SchedulerClient);
  let got: GetScheduleCommandOutput;
  try {
    got = await call('scheduler:GetSchedule', `scheduler:GetSchedule on schedule ${scheduleName}`, () =>
      scheduler.send(new GetScheduleCommand({ Name: scheduleName })),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    throw new RunControlError(
      `schedule ${scheduleName} (stack output ScheduleName) not found in ${stack.region}: redeploy the janitor (npx cdk deploy)`,
    );
  }
  const words = WORDS[state];
  const when = `${got.ScheduleExpression ?? '?'}${got.ScheduleExpressionTimezone ? ` ${got.ScheduleExpressionTimezone}` : ''}`;
  if (got.State === state)
    return [`janitor ${command}: the nightly schedule ${scheduleName} is already ${words.state} (State ${state}); nothing changed.`];

  const roleArn = got.Target?.RoleArn ?? "the schedule's role";
  await call('scheduler:UpdateSchedule', `scheduler:UpdateSchedule on schedule ${scheduleName} and iam:PassRole on ${roleArn}`, () =>
    scheduler.send(new UpdateScheduleCommand(updateInputFrom(got, state))),
  );
  return [
    `janitor ${command}: ${words.verb} the nightly schedule ${scheduleName} (${when}): State ${state}.`,
    state === 'DISABLED'
      ? 'No nightly run starts until janitor resume; janitor run-now still starts one by hand.'
      : `The next nightly run starts on schedule (${when}).`,
  ];
}

// ---- main --------------------------------------------------------------------------------------

/** `janitor run-now|pause|resume` (argv after the command name); resolves to the exit code. */
export async function runControlMain(command: RunControlCommand, argv: readonly string[], deps: CliDeps = {}): Promise<number> {
  const { stdout, stderr, env, cwd } = cliIo(deps);
  logger.setLogLevel('SILENT');
  const usage = RUN_CONTROL_USAGE[command];
  let args: RunControlArgs;
  let stackName: string;
  let region: string;
  try {
    args = parseRunControlArgs(command, argv);
    if (args.help) {
      stdout(usage);
      return EXIT_OK;
    }
    // Before any client exists, so the default credential chain (and region lookup) sees it.
    if (args.profile) env.AWS_PROFILE = args.profile;
    stackName = stackNameFor(args, cwd);
    const found = args.region ?? (await defaultRegion(env));
    if (!found) throw new UsageError("no region: pass --region (the stack's region, e.g. --region eu-west-1) or set AWS_REGION");
    region = found;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr(`janitor ${command}: ${error.message}\n\n${usage}`);
    return EXIT_USAGE;
  }

  try {
    const clients = new RunControlAwsClients({ accountId: '', region, credentials: deps.credentials });
    const stack = await deployedStack(clients, stackName);
    const lines =
      command === 'run-now'
        ? await runNow(clients, stack, args, deps.now ?? new Date(), env.USER || env.USERNAME || env.LOGNAME)
        : await setScheduleState(clients, stack, command === 'pause' ? 'DISABLED' : 'ENABLED');
    stdout(`${lines.join('\n')}\n`);
    return EXIT_OK;
  } catch (error) {
    const message = error instanceof RunControlError ? error.message : (credentialsProblem(error) ?? errorText(error));
    stderr(`janitor ${command}: ${message}\n`);
    return EXIT_ERROR;
  }
}
