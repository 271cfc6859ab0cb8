import { type ExecutionStatus, ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type FakeAccount, FakeAwsError, fakeService, handle, paginate, required } from '../fake-account';

/**
 * Starting and listing a state machine's executions (what `janitor run-now` does), beside the
 * state machines themselves in sfn.ts. Executions are kept per account, newest first, as
 * ListExecutions returns them.
 */

export interface FakeExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  status: ExecutionStatus;
  readonly startDate: Date;
  readonly input: string;
}

const EXECUTIONS = new WeakMap<FakeAccount, FakeExecution[]>();

export function executionsOf(account: FakeAccount): FakeExecution[] {
  let executions = EXECUTIONS.get(account);
  if (!executions) {
    executions = [];
    EXECUTIONS.set(account, executions);
  }
  return executions;
}

function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export function seedExecution(
  account: FakeAccount,
  stateMachineArn: string,
  options: { name?: string; status?: ExecutionStatus; startDate?: Date; input?: string } = {},
): FakeExecution {
  const name = options.name ?? account.nextId('execution-');
  const execution: FakeExecution = {
    executionArn: executionArnOf(stateMachineArn, name),
    stateMachineArn,
    name,
    status: options.status ?? 'SUCCEEDED',
    startDate: options.startDate ?? new Date('2026-11-21T02:00:00Z'),
    input: options.input ?? '{}',
  };
  executionsOf(account).unshift(execution);
  return execution;
}

/** Step Functions' rule for execution names: 1 to 80 characters, none of whitespace, brackets, wildcards or `"#%\^|~`$&,;:/`, nor control characters. */
const INVALID_CHARACTER = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;

function invalidName(name: string): boolean {
  const control = [...name].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));
  return name.length < 1 || name.length > 80 || control || INVALID_CHARACTER.test(name);
}

function machineExists(account: FakeAccount, arn: string, region: string): boolean {
  const machine = account.find(arn);
  return machine !== undefined && machine.type === 'states:stateMachine' && machine.region === region;
}

export function installStepFunctionsControl(account: FakeAccount) {
  const stub = fakeService(SFNClient, account);

  handle(stub, account, 'states', StartExecutionCommand, (input, region) => {
    const stateMachineArn = required(input, 'stateMachineArn');
    if (!machineExists(account, stateMachineArn, region)) {
      throw new FakeAwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    }
    const name = input.name ?? account.nextId('');
    if (invalidName(name)) throw new FakeAwsError('InvalidName', `Invalid Name: '${name}'`);
    if (input.input !== undefined) {
      try {
        JSON.parse(input.input);
      } catch {
        throw new FakeAwsError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${input.input}'`);
      }
    }
    if (executionsOf(account).some((e) => e.stateMachineArn === stateMachineArn && e.name === name)) {
      throw new FakeAwsError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArnOf(stateMachineArn, name)}'`);
    }
    const execution = seedExecution(account, stateMachineArn, { name, status: 'RUNNING', startDate: new Date(), input: input.input });
    return { executionArn: execution.executionArn, startDate: execution.startDate };
  });

  handle(stub, account, 'states', ListExecutionsCommand, (input, region) => {
    const stateMachineArn = required(input, 'stateMachineArn');
    if (!machineExists(account, stateMachineArn, region)) {
      throw new FakeAwsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    }
    const matching = executionsOf(account).filter(
      (e) => e.stateMachineArn === stateMachineArn && (input.statusFilter === undefined || e.status === input.statusFilter),
    );
    const { page, next } = paginate(matching, input.nextToken, Math.min(input.maxResults || 100, 1000));
    return {
      executions: page.map((e) => ({
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: e.startDate,
      })),
      nextToken: next,
    };
  });

  return stub;
}
