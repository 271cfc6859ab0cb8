import {
  GetScheduleCommand,
  type GetScheduleCommandOutput,
  SchedulerClient,
  UpdateScheduleCommand,
  type UpdateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { type FakeAccount, FakeAwsError, fakeService, handle, required } from '../fake-account';

/**
 * EventBridge Scheduler schedules: GetSchedule, and UpdateSchedule as AWS documents it, a full
 * replacement: "EventBridge Scheduler uses all values, including empty values, specified in the
 * request and overrides the existing schedule", so a field left out is reset to its default
 * (https://docs.aws.amazon.com/scheduler/latest/APIReference/API_UpdateSchedule.html).
 */

/** What GetSchedule returns, less the response metadata. */
export type FakeSchedule = Omit<GetScheduleCommandOutput, '$metadata'> & { Name: string; GroupName: string; region: string };

const SCHEDULES = new WeakMap<FakeAccount, FakeSchedule[]>();

export function schedulesOf(account: FakeAccount): FakeSchedule[] {
  let schedules = SCHEDULES.get(account);
  if (!schedules) {
    schedules = [];
    SCHEDULES.set(account, schedules);
  }
  return schedules;
}

/** A schedule like the janitor's nightly one (lib/constructs/nightly-schedule.ts); override any field. */
export function seedSchedule(account: FakeAccount, options: Partial<FakeSchedule> & { stateMachineArn?: string } = {}): FakeSchedule {
  const { stateMachineArn, ...fields } = options;
  const region = fields.region ?? 'eu-west-1';
  const name = fields.Name ?? account.nextId('schedule-');
  const group = fields.GroupName ?? 'default';
  const schedule: FakeSchedule = {
    Arn: `arn:aws:scheduler:${region}:${account.accountId}:schedule/${group}/${name}`,
    Name: name,
    GroupName: group,
    region,
    ScheduleExpression: 'cron(0 2 * * ? *)',
    ScheduleExpressionTimezone: 'UTC',
    Description: 'Untagged-resource janitor nightly run: cron(0 2 * * ? *) (UTC)',
    State: 'ENABLED',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: stateMachineArn ?? `arn:aws:states:${region}:${account.accountId}:stateMachine:Janitor`,
      RoleArn: `arn:aws:iam::${account.accountId}:role/JanitorInvokeRole`,
      Input: '{"source":"janitor.nightly-schedule","scheduledTime":"<aws.scheduler.scheduled-time>"}',
      RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 86400 },
    },
    ActionAfterCompletion: 'NONE',
    CreationDate: new Date('2026-01-01T00:00:00Z'),
    LastModificationDate: new Date('2026-01-01T00:00:00Z'),
    ...fields,
  };
  schedulesOf(account).push(schedule);
  return schedule;
}

function scheduleIn(account: FakeAccount, region: string, name: string, group = 'default'): FakeSchedule {
  const schedule = schedulesOf(account).find((s) => s.region === region && s.Name === name && s.GroupName === group);
  if (!schedule) throw new FakeAwsError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
  return schedule;
}

export function installScheduler(account: FakeAccount) {
  const stub = fakeService(SchedulerClient, account);

  handle(stub, account, 'scheduler', GetScheduleCommand, (input, region) => {
    const { region: _region, ...fields } = scheduleIn(account, region, required(input, 'Name'), input.GroupName);
    return structuredClone(fields);
  });

  handle(stub, account, 'scheduler', UpdateScheduleCommand, (input: UpdateScheduleCommandInput, region) => {
    const schedule = scheduleIn(account, region, required(input, 'Name'), input.GroupName);
    required(input, 'ScheduleExpression');
    required(input, 'FlexibleTimeWindow');
    const target = required(input, 'Target');
    required(target, 'Arn');
    required(target, 'RoleArn');
    // Everything is replaced: what the request leaves out takes its default (State ENABLED, no description, ...).
    const kept = { Arn: schedule.Arn, Name: schedule.Name, GroupName: schedule.GroupName, region, CreationDate: schedule.CreationDate };
    for (const key of Object.keys(schedule)) delete (schedule as Record<string, unknown>)[key];
    const { ClientToken: _token, ...given } = structuredClone(input);
    Object.assign(schedule, { ...given, ...kept, State: input.State ?? 'ENABLED', LastModificationDate: new Date() });
    return { ScheduleArn: schedule.Arn };
  });

  return stub;
}
