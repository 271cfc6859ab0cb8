import { ArnFormat, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { JanitorConfig } from '../../lambda/config';

export interface NightlyScheduleProps {
  readonly schedule: JanitorConfig['schedule'];
  readonly stateMachine: sfn.IStateMachine;
}

/** EventBridge Scheduler cron (with its own time zone, so "2 am" survives daylight saving). */
export class NightlySchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly invokeRole: iam.Role;

  constructor(scope: Construct, id: string, props: NightlyScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Our own role rather than the target's auto-created one, so its one finding can be acknowledged here.
    this.invokeRole = new iam.Role(this, 'InvokeRole', {
      description: 'Lets EventBridge Scheduler start the untagged-resource janitor',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': stack.account,
            // The schedule's own ARN would be a dependency cycle (schedule -> role -> schedule).
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule-group',
              resourceName: 'default',
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          },
        },
      }),
    });
    // The schema already checked the six-field cron(...) form, so the raw string is passed through.
    const expression = scheduler.ScheduleExpression.expression(props.schedule.expression, TimeZone.of(props.schedule.timeZone));

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `Untagged-resource janitor nightly run: ${props.schedule.expression} (${props.schedule.timeZone})`,
      schedule: expression,
      target: new targets.StepFunctionsStartExecution(props.stateMachine, {
        role: this.invokeRole,
        // A failed night alarms; it is not replayed (half-done deletions are re-judged the next night).
        retryAttempts: 0,
        input: scheduler.ScheduleTargetInput.fromObject({
          source: 'janitor.nightly-schedule',
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
      }),
    });
  }
}
