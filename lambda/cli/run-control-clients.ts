import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SFNClient } from '@aws-sdk/client-sfn';
import type { AwsTarget } from '../aws/clients';
import { type CommandGuard, GuardedAwsClients } from './read-only-clients';

/** A command `janitor run-now`, `pause` or `resume` does not make was about to go out. */
export class RunControlWriteRefused extends Error {
  override readonly name = 'RunControlWriteRefused';
  constructor(readonly commandName: string) {
    super(`${commandName} is not a call janitor run-now, pause or resume makes, so it was not sent`);
  }
}

/** Per client class, the only commands these three commands send: the stack's outputs, the executions, the schedule. */
const PERMITTED = new Map<unknown, readonly string[]>([
  [CloudFormationClient, ['DescribeStacks']],
  [SFNClient, ['ListExecutions', 'StartExecution']],
  [SchedulerClient, ['GetSchedule', 'UpdateSchedule']],
]);

export function runControlGuardFor(clientClass: unknown): CommandGuard {
  const permitted = PERMITTED.get(clientClass) ?? [];
  return (commandName) => {
    const name = (commandName ?? '').replace(/Command$/, '');
    if (!permitted.includes(name)) throw new RunControlWriteRefused(commandName ?? '(unnamed command)');
  };
}

/** The client set of `janitor run-now`, `pause` and `resume`: nothing else can be sent through it. */
export class RunControlAwsClients extends GuardedAwsClients {
  constructor(target: AwsTarget) {
    super(target, runControlGuardFor);
  }
}
