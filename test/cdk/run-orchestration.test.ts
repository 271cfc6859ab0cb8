import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import cdkJson from '../../cdk.json';
import { buildApp, buildMemberApp } from '../../lib/app';
import type { JanitorStack } from '../../lib/janitor-stack';
import { type CfnResources, rolePolicies, type Statement } from './role-policies';

const EXAMPLE = cdkJson.context.janitor;
const MULTI_ACCOUNT = {
  ...EXAMPLE,
  targets: {
    regions: ['eu-west-1', 'us-east-1'],
    accounts: { ids: ['111111111111'], organizationalUnits: ['ou-ab12-abcdefgh'] },
    externalId: 'janitor-7f3c',
    maxConcurrency: 25,
  },
};
const context = (janitor: unknown, extra: Record<string, unknown> = {}) => ({
  ...cdkJson.context,
  janitor,
  'aws:cdk:bundling-stacks': [],
  ...extra,
});

type State = Record<string, any>;

/** The state machine's definition (ASL), with the CloudFormation tokens flattened into strings. */
function definitionOf(template: Template): { StartAt: string; States: Record<string, State> } {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (!machine) throw new Error('no state machine in the template');
  const body = machine.Properties.DefinitionString;
  // Tokens (ARNs, bucket names) only ever sit inside JSON strings here.
  const text =
    typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  return JSON.parse(text);
}

describe('the nightly run as a Step Functions state machine', () => {
  let stack: JanitorStack;
  let template: Template;
  let states: Record<string, State>;

  beforeAll(() => {
    stack = buildApp({ context: context(MULTI_ACCOUNT) }).stack;
    template = Template.fromStack(stack);
    states = definitionOf(template).States;
  });

  it('plans the targets, sweeps them in a Distributed Map, then reports', () => {
    expect(definitionOf(template).StartAt).toBe('PlanTargets');
    expect(states.PlanTargets!.Next).toBe('SweepTargets');
    expect(states.SweepTargets!.Next).toBe('ReportRun');
    expect(states.ReportRun!.Next).toBe('ReportFinished?');
  });

  it('invokes the report again while it says it is not done (it ran short of time and saved its progress)', () => {
    expect(states.ReportRun!.ResultPath).toBe('$.report');
    expect(states['ReportFinished?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.report.done', BooleanEquals: false, Next: 'ReportRun' }],
      Default: 'RunReported',
    });
    expect(states.RunReported!.Type).toBe('Succeed');
  });

  it("reads the Map items from the plan step's S3 object and writes the results to S3 (no 256 KiB payload limit)", () => {
    const map = states.SweepTargets!;
    expect(map.Type).toBe('Map');
    expect(map.ItemProcessor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(map.ItemReader).toMatchObject({
      Resource: 'arn:TOKEN:states:::s3:getObject',
      ReaderConfig: { InputType: 'JSON' },
      Parameters: { 'Key.$': '$.plan.targetsKey' },
    });
    expect(map.ResultWriter).toMatchObject({
      Resource: 'arn:TOKEN:states:::s3:putObject',
      Parameters: { Prefix: 'executions/map-results' },
    });
    expect(map.ItemSelector).toEqual({
      'accountId.$': '$$.Map.Item.Value.accountId',
      'region.$': '$$.Map.Item.Value.region',
      'channel.$': '$$.Map.Item.Value.channel',
      'runId.$': '$$.Execution.Name',
      'keepsSince.$': '$.plan.keepsSince',
    });
  });

  it('bounds concurrency by targets.maxConcurrency and tolerates every item failing', () => {
    expect(states.SweepTargets!.MaxConcurrency).toBe(25);
    expect(states.SweepTargets!.ToleratedFailurePercentage).toBe(100);
  });

  it("retries a sweep on Lambda's transient errors with exponential backoff, and catches every failure per target", () => {
    const sweep = states.SweepTargets!.ItemProcessor.States.SweepTarget;
    expect(sweep.Retry).toEqual([
      expect.objectContaining({
        ErrorEquals: expect.arrayContaining(['Lambda.TooManyRequestsException', 'Lambda.ServiceException']),
        BackoffRate: 2,
        MaxAttempts: 5,
        JitterStrategy: 'FULL',
      }),
    ]);
    // The janitor's own errors are not retried: a half-done night is re-judged the next night instead.
    expect(sweep.Retry[0].ErrorEquals).not.toContain('States.ALL');
    expect(sweep.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordTargetFailure' }]);
    expect(states.SweepTargets!.ItemProcessor.States.RecordTargetFailure).toMatchObject({
      Type: 'Pass',
      Parameters: { 'accountId.$': '$.accountId', 'region.$': '$.region', status: 'failed', 'error.$': '$.failure' },
      End: true,
    });
  });

  it("hands the report step the run id, the plan (its start) and the Map's result location", () => {
    expect(states.ReportRun!.Parameters).toEqual({ 'runId.$': '$$.Execution.Name', 'plan.$': '$.plan', 'sweep.$': '$.sweep' });
  });

  it('ends a run before the next night and logs it', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine).toBeDefined();
    expect(JSON.stringify(machine!.Properties.DefinitionString)).toContain('"TimeoutSeconds\\":72000');
  });

  it('alarms on failed, timed-out or aborted executions, and sends them to the report Lambda for Slack', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'failed + timedOut + aborted' })]),
      AlarmActions: [{ Ref: stack.getLogicalId(stack.parts.alarms.topic.node.defaultChild as never) }],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: {
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
          stateMachineArn: [{ Ref: stack.getLogicalId(stack.parts.run.stateMachine.node.defaultChild as never) }],
        },
      },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [stack.getLogicalId(stack.parts.run.reportFunction.node.defaultChild as never), 'Arn'] } }),
      ],
    });
  });

  it('lets the sweep assume the member role in listed accounts, and by name in any account when OUs are resolved at run time', () => {
    const assumed = (t: Template) =>
      Object.values(t.toJSON().Resources as CfnResources)
        .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
        .flatMap((r) =>
          (r.Properties!.PolicyDocument.Statement as Statement[])
            .filter((st) => st.Action === 'sts:AssumeRole')
            .map((st) => JSON.stringify(st.Resource)),
        );
    expect(assumed(template)).toEqual([expect.stringContaining(':iam::*:role/UntaggedResourceJanitorMember"')]);

    const idsOnly = Template.fromStack(
      buildApp({ context: context({ ...MULTI_ACCOUNT, targets: { ...MULTI_ACCOUNT.targets, accounts: { ids: ['111111111111'] } } }) })
        .stack,
    );
    expect(assumed(idsOnly)).toEqual([expect.stringContaining(':iam::111111111111:role/UntaggedResourceJanitorMember"')]);

    // Beyond 100 listed accounts the grant names the role in any account (the member trust is the gate).
    const ids = Array.from({ length: 101 }, (_, i) => String(100000000000 + i));
    const many = Template.fromStack(
      buildApp({ context: context({ ...MULTI_ACCOUNT, targets: { ...MULTI_ACCOUNT.targets, accounts: { ids } } }) }).stack,
    );
    expect(assumed(many)).toEqual([expect.stringContaining(':iam::*:role/UntaggedResourceJanitorMember"')]);
  });

  it("grants no sts:AssumeRole at all when only the janitor's own account is swept", () => {
    const single = Template.fromStack(buildApp({ context: context(EXAMPLE) }).stack);
    expect(JSON.stringify(single.findResources('AWS::IAM::Policy'))).not.toContain('sts:AssumeRole');
  });
});

describe('deployed by the CDK CLI, which knows the account and region', () => {
  it('still passes cdk-nag: every acknowledgement matches the concrete ARNs', () => {
    vi.stubEnv('CDK_DEFAULT_ACCOUNT', '123456789012');
    vi.stubEnv('CDK_DEFAULT_REGION', 'eu-west-1');
    try {
      const withKeepButtons = {
        ...MULTI_ACCOUNT,
        slack: { ...EXAMPLE.slack, keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0ALICE'] } },
      };
      for (const janitor of [EXAMPLE, MULTI_ACCOUNT, withKeepButtons]) {
        const { stack } = buildApp({ context: context(janitor) });
        expect(stack.region).toBe('eu-west-1');
        expect(() => Template.fromStack(stack)).not.toThrow();
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('the member-account stack', () => {
  const member = (janitor: unknown, extra: Record<string, unknown> = {}) =>
    buildMemberApp({ context: context(janitor, { janitorMemberOf: '999999999999', ...extra }) });

  it("is one named sweep role, trusting exactly the janitor's sweep role ARN with the external id", () => {
    const { stack } = member(MULTI_ACCOUNT);
    const template = Template.fromStack(stack);
    expect(stack.stackName).toBe('UntaggedResourceJanitorMember');
    template.resourceCountIs('AWS::IAM::Role', 1);
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::999999999999:${name}`]] });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'UntaggedResourceJanitorMember',
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: arn('root') },
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': arn('role/UntaggedResourceJanitor-sweep') },
              StringEquals: { 'sts:ExternalId': 'janitor-7f3c' },
            },
          },
        ],
        Version: '2012-10-17',
      },
    });
  });

  it("with Keep buttons, adds a tag-only keep role trusting exactly the janitor's keep role", () => {
    const withKeep = {
      ...MULTI_ACCOUNT,
      slack: { ...EXAMPLE.slack, keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0ALICE'] } },
    };
    const template = Template.fromStack(member(withKeep).stack);
    template.resourceCountIs('AWS::IAM::Role', 2);
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'UntaggedResourceJanitorMemberKeep',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Condition: {
              ArnEquals: {
                'aws:PrincipalArn': {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::999999999999:role/UntaggedResourceJanitor-keep']],
                },
              },
              StringEquals: { 'sts:ExternalId': 'janitor-7f3c' },
            },
          }),
        ],
      },
    });
  });

  it("has the same least-privilege grants as the janitor's own sweep role, marks condition included", () => {
    const own = buildApp({ context: context(MULTI_ACCOUNT) }).stack;
    const memberStack = member(MULTI_ACCOUNT).stack;
    // The type grants: every managed policy statement but the janitor's own sts:AssumeRole, one entry
    // per action and resource (with its condition): how the packer groups them into statements, which
    // depends on what else shares a policy (the sts:AssumeRole statement), is not a grant.
    const grantsOf = (resources: CfnResources, roleId: string) =>
      rolePolicies(resources, roleId)
        .managed.flatMap((p) => p.document.Statement)
        .filter((st) => st.Action !== 'sts:AssumeRole')
        .flatMap((st) => {
          const { Action, Resource, ...rest } = st as { Action: unknown; Resource: unknown };
          return [Action].flat().flatMap((action) => [Resource].flat().map((resource) => JSON.stringify({ action, resource, ...rest })));
        })
        .sort();
    const ownGrants = grantsOf(
      Template.fromStack(own).toJSON().Resources,
      own.getLogicalId(own.parts.janitor.role.role.node.defaultChild as never),
    );
    const memberGrants = grantsOf(
      Template.fromStack(memberStack).toJSON().Resources,
      memberStack.getLogicalId(memberStack.memberRole.role.node.defaultChild as never),
    );
    expect(memberGrants).toEqual(ownGrants);
    expect(memberGrants.join()).toContain('aws:ResourceTag/janitor:delete-after');
  });

  it('needs no CDK bootstrap (StackSets-ready): no bootstrap version rule or parameter', () => {
    const template = Template.fromStack(member(MULTI_ACCOUNT).stack).toJSON();
    expect(template.Parameters?.BootstrapVersion).toBeUndefined();
    expect(template.Rules).toBeUndefined();
  });

  it('can require the organization instead of (or besides) the external id', () => {
    const { stack } = member(
      { ...MULTI_ACCOUNT, targets: { ...MULTI_ACCOUNT.targets, externalId: undefined } },
      { janitorOrganizationId: 'o-a1b2c3d4e5' },
    );
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: Match.objectLike({ StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }) })],
      },
    });
  });

  it('refuses a trust with neither external id nor organization, and a malformed janitor account id', () => {
    expect(() => member({ ...EXAMPLE })).toThrow(/janitor\.targets\.externalId: required for the member roles/);
    expect(() => buildMemberApp({ context: context(MULTI_ACCOUNT, { janitorMemberOf: '12345' }) })).toThrow(
      /janitorMemberOf: must be the janitor's 12-digit account id/,
    );
  });

  it('passes cdk-nag AwsSolutions', () => {
    expect(() => Template.fromStack(member(MULTI_ACCOUNT).stack)).not.toThrow();
  });
});
