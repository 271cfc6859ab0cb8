import * as fs from 'node:fs';
import * as path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { readConfigFile } from '../../lambda/config/config-file';
import { parseSynthValidatedConfig } from '../../lambda/config/schema';
import { resourceType } from '../../lambda/resources/registry';
import { buildApp } from '../../lib/app';
import type { KeepEndpoint } from '../../lib/constructs/keep-endpoint';
import type { JanitorStack } from '../../lib/janitor-stack';
import { identityStatements, type Statement } from './role-policies';

const EXAMPLE = cdkJson.context.janitor;
const ENABLED = ['ec2:instance', 's3:bucket'];
const WITH_KEEP = {
  ...EXAMPLE,
  resourceTypes: ENABLED,
  slack: {
    ...EXAMPLE.slack,
    keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0ALICE'], allowedUserGroupId: 'S0PLATFORM' },
  },
};

function synth(janitor: unknown) {
  const { stack } = buildApp({ context: { ...cdkJson.context, janitor, 'aws:cdk:bundling-stacks': [] } });
  return { stack, template: Template.fromStack(stack) };
}

function statementsOfRole(stack: JanitorStack, template: Template, role: iam.IRole): Statement[] {
  return identityStatements(template.toJSON().Resources, stack.getLogicalId((role as iam.Role).node.defaultChild as never));
}

const actionsOf = (statements: Statement[]) => new Set(statements.flatMap((s) => [s.Action].flat()));

describe('the keep endpoint, with slack.keepButtons configured', () => {
  let stack: JanitorStack;
  let template: Template;
  let keep: KeepEndpoint;

  beforeAll(() => {
    ({ stack, template } = synth(WITH_KEEP));
    keep = stack.node.findChild('KeepEndpoint') as KeepEndpoint;
  });

  it('keeps its ledger in one DynamoDB table with TTL, point-in-time recovery and encryption, retained on deletion', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });

  it('runs the keep handler on Node.js 24 / arm64 with the ledger table and the validated configuration', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Timeout: 30,
      Environment: {
        Variables: Match.objectLike({
          JANITOR_LEDGER_TABLE: { Ref: stack.getLogicalId(keep.table.node.defaultChild as never) },
          JANITOR_CONFIG_FILE: 'janitor-config.json',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
  });

  it('is reachable through a Function URL without AWS auth (Slack signs with HMAC instead), output for the Slack app', () => {
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'NONE' });
    template.hasOutput('KeepEndpointUrl', {
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KeepEndpointFunctionFunctionUrl'), 'FunctionUrl'] },
    });
  });

  it('may read exactly the two Slack secrets, invoke itself, use the ledger, and tag the enabled types', () => {
    const statements = statementsOfRole(stack, template, keep.role);
    const secretReads = statements.filter((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(secretReads).toHaveLength(1);
    expect(JSON.stringify(secretReads[0]!.Resource)).toContain('secret:janitor/slack-signing-secret-??????');
    expect(JSON.stringify(secretReads[0]!.Resource)).toContain('secret:janitor/slack-bot-token-??????');

    // Named, so the member keep roles can trust exactly it; key scoping is simulated in iam-simulate-tags-and-trust.test.ts.
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'UntaggedResourceJanitor-keep' });

    const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction')!;
    expect(invoke.Resource).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(keep.function.node.defaultChild as never), 'Arn'] });

    const actions = actionsOf(statements);
    for (const a of ['dynamodb:PutItem', 'dynamodb:GetItem', 'tag:TagResources', 'tag:UntagResources', 'tag:GetResources'])
      expect(actions).toContain(a);
    for (const id of ENABLED) for (const a of resourceType(id).iam.tag) expect(actions).toContain(a);
    // Another type's tagging and any deletion are absent.
    expect(actions).not.toContain('sqs:TagQueue');
    expect([...actions].filter((a) => /Delete|Terminate/.test(a) && a !== 'ec2:DeleteTags')).toEqual([]);
    expect(actions).not.toContain('dynamodb:DeleteItem');
  });

  it('lets the nightly function record warnings and read keeps, and tells it the table', () => {
    const nightly = statementsOfRole(stack, template, stack.parts.janitor.role.role);
    const tableArn = { 'Fn::GetAtt': [stack.getLogicalId(keep.table.node.defaultChild as never), 'Arn'] };
    const ledger = nightly.filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(tableArn)));
    expect(actionsOf(ledger)).toEqual(new Set(['dynamodb:PutItem', 'dynamodb:Query']));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ JANITOR_LEDGER_TABLE: Match.anyValue(), JANITOR_STACK_NAME: Match.anyValue() }) },
      Timeout: 900,
    });
  });

  it("alarms on any error of the keep function, to the janitor's alarm topic", () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: stack.getLogicalId(keep.function.node.defaultChild as never) } }],
      AlarmActions: [{ Ref: stack.getLogicalId(stack.parts.alarms.topic.node.defaultChild as never) }],
    });
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(
      report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    ).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });
});

describe('without slack.keepButtons', () => {
  it('deploys no ledger, no keep function and no Function URL', () => {
    const { template } = synth(EXAMPLE);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('AWS::Lambda::Url', 0);
    expect(Object.keys(template.findOutputs('KeepEndpointUrl'))).toEqual([]);
  });
});

describe('real bundling of the keep handler with local esbuild', () => {
  it('produces an asset whose handler entry point is bundled', () => {
    const { app, stack } = buildApp({ context: { ...cdkJson.context, janitor: WITH_KEEP } });
    const keep = stack.node.findChild('KeepEndpoint') as KeepEndpoint;
    const template = Template.fromStack(stack);
    const fn = template.toJSON().Resources[stack.getLogicalId(keep.function.node.defaultChild as never)];
    const assetHash = /([0-9a-f]{64})\.zip/.exec(JSON.stringify(fn.Properties.Code.S3Key))?.[1];
    expect(assetHash).toBeDefined();
    const bundle = fs.readFileSync(path.join(app.outdir, `asset.${assetHash}`, 'index.js'), 'utf8');
    expect(bundle).toMatch(/janitor-keep-work/);
    const configFile = { JANITOR_CONFIG_FILE: 'janitor-config.json', LAMBDA_TASK_ROOT: path.join(app.outdir, `asset.${assetHash}`) };
    expect(parseSynthValidatedConfig(readConfigFile(configFile)).slack.keepButtons).toBeDefined();
    expect(bundle).toMatch(/X-Slack-Request-Timestamp|x-slack-request-timestamp/);
    // Slack waits 3 s for the answer: no resource plug-in (nor their SDK clients) in the cold start.
    expect(bundle).not.toContain('TerminateInstances');
    expect(bundle.length).toBeLessThan(2_000_000);
  }, 120_000);
});

describe('slack.keepButtons.reservedConcurrency', () => {
  const keepFunction = (template: Template) =>
    Object.values(template.findResources('AWS::Lambda::Function')).filter((f) => /keep/i.test(String(f.Properties.Description)));

  it("sets the keep function's reserved concurrency when given, and none otherwise (nor on any other function)", () => {
    const bounded = synth({
      ...WITH_KEEP,
      slack: { ...WITH_KEEP.slack, keepButtons: { ...WITH_KEEP.slack.keepButtons, reservedConcurrency: 10 } },
    }).template;
    expect(keepFunction(bounded).map((f) => f.Properties.ReservedConcurrentExecutions)).toEqual([10]);
    const others = Object.values(bounded.findResources('AWS::Lambda::Function')).filter(
      (f) => !/keep/i.test(String(f.Properties.Description)),
    );
    expect(others.map((f) => f.Properties.ReservedConcurrentExecutions)).toEqual(others.map(() => undefined));

    const unbounded = synth(WITH_KEEP).template;
    expect(keepFunction(unbounded).map((f) => f.Properties.ReservedConcurrentExecutions)).toEqual([undefined]);
  });

  it.each([0, 2.5, 101])('refuses %s (an integer from 1 to 100)', (value) => {
    expect(() =>
      synth({ ...WITH_KEEP, slack: { ...WITH_KEEP.slack, keepButtons: { ...WITH_KEEP.slack.keepButtons, reservedConcurrency: value } } }),
    ).toThrow(/reservedConcurrency/);
  });
});
