import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { ConfigError, parseConfig } from '../../lambda/config';
import { readConfigFile } from '../../lambda/config/config-file';
import { RESOURCE_TYPES, resourceType } from '../../lambda/resources/registry';
import { buildApp } from '../../lib/app';
import { configFileHooks } from '../../lib/constructs/janitor-function';
import type { JanitorStack } from '../../lib/janitor-stack';
import { type CfnResources, identityStatements, rolePolicies, type Statement, sizeOf } from './role-policies';

const EXAMPLE = cdkJson.context.janitor;
const STACK_NAME = cdkJson.context.janitorStackName;

/** cdk.json's context (feature flags included) with bundling skipped: synth in milliseconds. */
function buildWith(janitor: unknown, { bundle = false, stackName = STACK_NAME } = {}) {
  return buildApp({
    context: { ...cdkJson.context, janitor, janitorStackName: stackName, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
}

function synth(janitor: unknown) {
  const { stack, config } = buildWith(janitor);
  return { stack, config, template: Template.fromStack(stack) };
}

function logicalId(stack: JanitorStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/** Every Allow statement of every policy (inline and managed) attached to the janitor's execution role. */
function executionRoleStatements(stack: JanitorStack, template: Template): Statement[] {
  const resources = (template.toJSON() as { Resources: CfnResources }).Resources;
  return identityStatements(resources, logicalId(stack, stack.parts.janitor.role.role)).filter((s) => s.Effect === 'Allow');
}

const actionsOf = (statements: Statement[]) => new Set(statements.flatMap((s) => [s.Action].flat()));

describe('JanitorStack with the cdk.json example configuration', () => {
  let stack: JanitorStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = synth(EXAMPLE));
  });

  it('is named from context, and so are the roles member accounts trust by exact ARN', () => {
    expect(stack.stackName).toBe(STACK_NAME);
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: `${STACK_NAME}-sweep` });
    expect(() => buildWith(EXAMPLE, { stackName: 'J'.repeat(59) })).toThrow(/janitorStackName: at most 58 characters/);
  });

  it('schedules the run (the state machine) with the configured cron expression and time zone, without retries', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: EXAMPLE.schedule.expression,
      ScheduleExpressionTimezone: EXAMPLE.schedule.timeZone,
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: { Ref: logicalId(stack, stack.parts.run.stateMachine) },
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 0 }),
      },
    });
  });

  it('sweeps on Node.js 24 / arm64 for up to 15 minutes, never retried, without reserving account concurrency', () => {
    // Plan, sweep and report.
    template.resourceCountIs('AWS::Lambda::Function', 3);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 900,
      MemorySize: 1024,
      ReservedConcurrentExecutions: Match.absent(),
      LoggingConfig: { LogGroup: { Ref: logicalId(stack, stack.parts.janitor.logGroup) } },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0, Qualifier: '$LATEST' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('keeps only small pointers in the environment: the configuration travels as a file in the code asset', () => {
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack, stack.parts.janitor.function)];
    expect(fn).toBeDefined();
    const env = fn!.Properties.Environment.Variables as Record<string, string>;
    expect(env.JANITOR_CONFIG).toBeUndefined();
    expect(env).toMatchObject({
      JANITOR_CONFIG_FILE: 'janitor-config.json',
      JANITOR_STACK_NAME: STACK_NAME,
      POWERTOOLS_SERVICE_NAME: 'untagged-resource-janitor',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('grants every supported type read, tag and delete, plus the tagging API, when all are enabled', () => {
    const actions = actionsOf(executionRoleStatements(stack, template));
    for (const type of RESOURCE_TYPES) {
      for (const action of [...type.iam.read, ...type.iam.tag, ...type.iam.delete, ...(type.iam.deleteUnconditioned ?? [])]) {
        expect(actions).toContain(action);
      }
    }
    for (const action of ['tag:GetResources', 'tag:TagResources', 'tag:UntagResources']) expect(actions).toContain(action);
  });

  it('grants the destructive actions only on resources carrying the mark, except those that cannot be conditioned', () => {
    const statements = executionRoleStatements(stack, template);
    const mark = { Null: { 'aws:ResourceTag/janitor:delete-after': 'false' } };
    const conditioned = statements.filter((s) => JSON.stringify(s.Condition) === JSON.stringify(mark));
    expect(conditioned.length).toBeGreaterThan(0);
    // Every other condition narrows tagging by key, or is one of the documented narrowings.
    const byKey = (s: Statement) => s.Condition?.['ForAllValues:StringEquals']?.['aws:TagKeys'] !== undefined;
    const others = statements.filter((s) => s.Condition !== undefined && !conditioned.includes(s) && !byKey(s));
    expect(others.map((s) => [s.Action, s.Condition])).toEqual([
      ['s3:ListBucket', { StringLike: { 's3:prefix': 'announcements/*' } }],
      ['s3:ListBucket', { StringLike: { 's3:prefix': 'evidence/*' } }],
      ['ec2:DeleteNetworkInterface', { Bool: { 'aws:ViaAWSService': 'true' } }],
    ]);
    const conditionedActions = actionsOf(conditioned);
    for (const action of [
      'ec2:TerminateInstances',
      'lambda:DeleteFunction',
      'dynamodb:DeleteTable',
      'rds:DeleteDBCluster',
      'apigateway:DELETE',
    ]) {
      expect(conditionedActions).toContain(action);
    }
    // A conditioned action is never also granted without the mark on "*" (the role drops those the
    // overlaps make moot); without the mark it only reaches narrowed ARNs, e.g. janitor-final-* snapshots.
    const unconditionedOnAll = actionsOf(statements.filter((s) => s.Condition === undefined && s.Resource === '*'));
    for (const action of conditionedActions) expect(unconditionedOnAll).not.toContain(action);
    // AMI snapshots and Aurora members are marked by their parent's deletion before they are deleted,
    // so their delete actions stay conditioned with every type enabled.
    const overlapping = stack.parts.janitor.role.actions.overlaps.map((o) => o.action);
    for (const action of ['ec2:DeleteSnapshot', 'rds:DeleteDBInstance']) {
      expect(overlapping).not.toContain(action);
      expect(conditionedActions).toContain(action);
      expect(unconditionedOnAll).not.toContain(action);
    }
  });

  it('never grants an API Gateway verb on "*": reads on the API collections, tagging on /tags/*, deletion on the APIs', () => {
    const apiGateway = executionRoleStatements(stack, template).filter((s) => [s.Action].flat().some((a) => a.startsWith('apigateway:')));
    expect(apiGateway.length).toBeGreaterThan(0);
    for (const s of apiGateway) {
      expect(s.Resource).not.toBe('*');
      for (const resource of [s.Resource].flat()) expect(JSON.stringify(resource)).toMatch(/:apigateway:\*::\/(restapis|apis|tags)/);
    }
    const untag = apiGateway.filter(
      (s) => s.Condition?.['ForAllValues:StringEquals'] !== undefined && [s.Action].flat().includes('apigateway:DELETE'),
    );
    expect(untag.map((s) => JSON.stringify(s.Resource))).toEqual([expect.stringContaining(':apigateway:*::/tags/*')]);
  });

  it('holds its type grants in managed policies, leaving the inline ones small (quotas at every size: iam-quotas.test.ts)', () => {
    const { inline, managed } = rolePolicies(template.toJSON().Resources, logicalId(stack, stack.parts.janitor.role.role));
    expect(managed.length).toBeGreaterThan(0);
    // Tokens as-is: an over-estimate of what IAM counts.
    expect(inline.reduce((sum, p) => sum + sizeOf(p.document), 0)).toBeLessThan(4_000);
  });

  it('reads the value of the Slack token secret only (the secret type lists and deletes secrets, never reads them)', () => {
    const valueReads = executionRoleStatements(stack, template).filter((s) =>
      [s.Action].flat().some((a) => a === 'secretsmanager:GetSecretValue' || a === 'secretsmanager:*'),
    );
    expect(valueReads).toHaveLength(1);
    expect(valueReads[0]!.Action).toBe('secretsmanager:GetSecretValue');
    expect(JSON.stringify(valueReads[0]!.Resource)).toMatch(/:secret:janitor\/slack-bot-token-\?\?\?\?\?\?"/);
  });

  it('writes logs only to its own log group', () => {
    const logStatements = executionRoleStatements(stack, template).filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('logs:Create') || a === 'logs:PutLogEvents'),
    );
    expect(logStatements).toEqual([
      expect.objectContaining({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: { 'Fn::GetAtt': [logicalId(stack, stack.parts.janitor.logGroup), 'Arn'] },
      }),
    ]);
    // No AWS managed policy (AWSLambdaBasicExecutionRole would allow every log group): only the stack's own.
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      for (const arn of role.Properties.ManagedPolicyArns ?? []) expect(Object.keys(arn)).toEqual(['Ref']);
    }
  });

  it('keeps an encrypted, private, versioned audit bucket with a retention lifecycle; the sweep writes only under runs/, announcements/, evidence/ and executions/', () => {
    const bucketId = logicalId(stack, stack.parts.audit.bucket);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })] },
      }),
    });
    const auditStatements = executionRoleStatements(stack, template).filter((s) => JSON.stringify(s.Resource).includes(bucketId));
    const under = (prefix: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/${prefix}*`]] });
    expect(auditStatements).toEqual([
      expect.objectContaining({ Action: 's3:PutObject', Resource: under('runs/') }),
      expect.objectContaining({ Action: ['s3:GetObject', 's3:PutObject'], Resource: under('announcements/') }),
      expect.objectContaining({
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
        Condition: { StringLike: { 's3:prefix': 'announcements/*' } },
      }),
      expect.objectContaining({ Action: ['s3:GetObject', 's3:PutObject'], Resource: under('evidence/') }),
      expect.objectContaining({
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
        Condition: { StringLike: { 's3:prefix': 'evidence/*' } },
      }),
      expect.objectContaining({ Action: 's3:PutObject', Resource: under('executions/') }),
    ]);
    const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack, stack.parts.janitor.function)];
    expect(fn).toBeDefined();
    expect(fn!.Properties.Environment.Variables.JANITOR_AUDIT_BUCKET).toEqual({ Ref: bucketId });
  });

  it('alarms on errors and throttles to a KMS-encrypted, SSL-only topic that CloudWatch can publish to', () => {
    const topicId = logicalId(stack, stack.parts.alarms.topic);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' }),
        ]),
      },
    });
    for (const metricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  it('outputs the function name, the alarm topic ARN and the schedule', () => {
    template.hasOutput('FunctionName', { Value: { Ref: logicalId(stack, stack.parts.janitor.function) } });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: logicalId(stack, stack.parts.alarms.topic) } });
    template.hasOutput('Schedule', { Value: Match.stringLikeRegexp(`^cron\\(0 2 \\* \\* \\? \\*\\) UTC`) });
  });

  it("tags its own resources so they satisfy the janitor's compliance rules", () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Tags: Match.arrayWith([{ Key: 'ManagedBy', Value: 'cdk' }]) });
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged error or warning', () => {
    // cdk-nag 3 is a policy-validation plugin, not an Aspect: findings never become annotations.
    // Synthesis above already ran it (any finding throws); this makes the result explicit.
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(
      report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('has no CDK error or warning annotations either', () => {
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('JanitorStack with two types enabled and a non-default schedule', () => {
  const ENABLED = ['ec2:instance', 's3:bucket'];
  const SECRET_ARN = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:janitor/slack-AbC123';
  let stack: JanitorStack;
  let template: Template;

  beforeAll(() => {
    ({ stack, template } = synth({
      ...EXAMPLE,
      resourceTypes: ENABLED,
      slack: { ...EXAMPLE.slack, tokenSecretName: SECRET_ARN },
      schedule: { expression: 'cron(30 3 ? * MON-FRI *)', timeZone: 'Europe/Berlin' },
    }));
  });

  it("grants exactly the enabled types' read, tag and delete actions besides logging, the secret and the owner lookup", () => {
    const wildcardActions = actionsOf(executionRoleStatements(stack, template).filter((s) => s.Resource === '*'));
    const expected = new Set([
      // owners.fromCloudTrail (on by default): who created the resources about to be warned about.
      'cloudtrail:LookupEvents',
      // iac.cloudFormation (on by default): stack membership is evidence of IaC.
      'cloudformation:ListStacks',
      'cloudformation:ListStackResources',
      'tag:GetResources',
      // The weekly count of never-tagged resources of types not covered.
      'resource-explorer-2:Search',
      'tag:TagResources',
      'tag:UntagResources',
      ...ENABLED.flatMap((id) => {
        const { read, tag, delete: del, deleteUnconditioned = [] } = resourceType(id).iam;
        return [...read, ...tag, ...del, ...deleteUnconditioned];
      }),
    ]);
    expect([...wildcardActions].sort()).toEqual([...expected].sort());
    // Another type's delete (and read) is absent.
    const all = actionsOf(executionRoleStatements(stack, template));
    expect(all).not.toContain('sqs:DeleteQueue');
    expect(all).not.toContain('lambda:DeleteFunction');
    expect(all).not.toContain('dynamodb:ListTables');
  });

  it('grants a complete secret ARN as is', () => {
    const [secret] = executionRoleStatements(stack, template).filter((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(secret).toBeDefined();
    expect(secret!.Resource).toBe(SECRET_ARN);
  });

  it('uses the configured expression and time zone', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 3 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
    });
  });

  it('still passes cdk-nag', () => {
    expect(new AwsSolutionsChecks().validateScope(stack).violations).toEqual([]);
  });
});

describe('upgrades keep what holds data', () => {
  // A changed logical id makes CloudFormation create a new resource and orphan the old one (Retain):
  // the audit records, the announcement ledger, the Keep ledger and the logs would start afresh.
  const KEPT = {
    AuditBucket7486E833: 'AWS::S3::Bucket',
    KeepEndpointLedger1E1A96CE: 'AWS::DynamoDB::Table',
    JanitorLogGroupB75B5620: 'AWS::Logs::LogGroup',
    RunPlanLogGroup78511670: 'AWS::Logs::LogGroup',
    RunReportLogGroupCD04B181: 'AWS::Logs::LogGroup',
    RunExecutionLogs38A9C47F: 'AWS::Logs::LogGroup',
    KeepEndpointLogGroupED0CC7F6: 'AWS::Logs::LogGroup',
  };

  it('under the logical ids of earlier releases, retained when the stack is deleted', () => {
    const keepButtons = { signingSecretName: 'janitor/slack-signing', allowedUserIds: ['U0123ABCD'] };
    const { template } = synth({ ...EXAMPLE, slack: { ...EXAMPLE.slack, keepButtons } });
    const resources = template.toJSON().Resources as Record<
      string,
      { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string }
    >;
    for (const [id, type] of Object.entries(KEPT)) {
      expect(resources[id], id).toMatchObject({ Type: type, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });
});

describe('cdk-nag gate', () => {
  it('reports an unacknowledged wildcard (the check is live, not vacuous)', () => {
    const { stack } = buildWith(EXAMPLE);
    stack.parts.janitor.role.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-IAM5[Resource::*]']);
    expect(() => Template.fromStack(stack)).toThrow(/AwsSolutions-IAM5/);
  });
});

describe('invalid configuration fails the build, naming the field', () => {
  it('rejects limits.maxMarksPerRun: 0', () => {
    const build = () => buildWith({ ...EXAMPLE, limits: { ...EXAMPLE.limits, maxMarksPerRun: 0 } });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/janitor\.limits\.maxMarksPerRun/);
  });

  it('rejects an unknown resource type', () => {
    expect(() => buildWith({ ...EXAMPLE, resourceTypes: ['ec2:instance', 'ec2:spaceship'] })).toThrow(
      /janitor\.resourceTypes\.1: "ec2:spaceship" is not a supported resource type/,
    );
    expect(() => buildWith({ ...EXAMPLE, exemptions: { ...EXAMPLE.exemptions, resourceTypes: ['nope'] } })).toThrow(
      /janitor\.exemptions\.resourceTypes\.0/,
    );
  });

  it('rejects a missing janitor context', () => {
    expect(() => buildApp({ context: { 'aws:cdk:bundling-stacks': [] } })).toThrow(/janitor: configuration is missing/);
  });

  it('accepts the context as a JSON string (cdk synth -c janitor=...) and rejects malformed JSON', () => {
    expect(buildWith(JSON.stringify(EXAMPLE)).config).toEqual(parseConfig(EXAMPLE));
    expect(() => buildWith('{"dryRun": tru')).toThrow(/janitor: the context value is a string but not valid JSON/);
  });

  it('synthesizes a configuration far beyond the 4 KB environment, and every function reads it back identically', () => {
    const large = largeConfiguration();
    expect(JSON.stringify(large).length).toBeGreaterThan(30_000);
    const { stack: big, config } = buildWith(large);
    const functions = Object.values(Template.fromStack(big).findResources('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(3);
    for (const fn of functions) {
      const env = fn.Properties.Environment.Variables as Record<string, unknown>;
      expect(JSON.stringify(env).length).toBeLessThan(1024);
    }
    // What the bundling hook writes into each code asset, read back the way the functions read it.
    const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-asset-'));
    for (const command of configFileHooks(config).afterBundling('', outputDir)) execSync(command);
    const read = readConfigFile({ JANITOR_CONFIG_FILE: 'janitor-config.json', LAMBDA_TASK_ROOT: outputDir });
    expect(parseConfig(read)).toEqual(config);
  });
});

/** A platform team's configuration at organization scale: hundreds of patterns and accounts, dozens of OUs and owners. */
function largeConfiguration() {
  const n = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i));
  return {
    ...EXAMPLE,
    exemptions: { ...EXAMPLE.exemptions, arnPatterns: n(300, (i) => `arn:aws:s3:::some-rather-long-legacy-bucket-name-${i}-*`) },
    protections: { tagKeyPatterns: n(40, (i) => `controller-${i}.example.com/*`), buckets: n(50, (i) => `acme-terraform-state-${i}-*`) },
    owners: {
      slackUserByOwner: Object.fromEntries(n(200, (i) => `owner-${i}@corp.example`).map((o, i) => [o, `U${String(i).padStart(8, '0')}`])),
      emailDomains: ['corp.example'],
    },
    targets: {
      regions: ['eu-west-1', 'us-east-1', 'eu-central-1'],
      accounts: {
        ids: n(300, (i) => String(100000000000 + i)),
        organizationalUnits: n(40, (i) => `ou-abcd-${String(i).padStart(8, '0')}`),
      },
      externalId: 'janitor-7f3c',
    },
  };
}

describe('real bundling with local esbuild', () => {
  it('produces the Lambda asset (handler, source map, AWS SDK bundled in)', () => {
    const { app, stack } = buildWith(EXAMPLE, { bundle: true });
    const template = Template.fromStack(stack);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(fn).toBeDefined();
    const s3Key = JSON.stringify(fn!.Properties.Code.S3Key);
    const assetHash = /([0-9a-f]{64})\.zip/.exec(s3Key)?.[1];
    expect(assetHash).toBeDefined();

    const assetDir = path.join(app.outdir, `asset.${assetHash}`);
    const bundle = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');
    expect(fs.existsSync(path.join(assetDir, 'index.js.map'))).toBe(true);
    // The configuration file the function reads at cold start, next to its handler.
    expect(parseConfig(readConfigFile({ JANITOR_CONFIG_FILE: 'janitor-config.json', LAMBDA_TASK_ROOT: assetDir }))).toEqual(
      parseConfig(EXAMPLE),
    );
    expect(bundle).toMatch(/handler/);
    // bundleAwsSDK: the SDK ships in the asset instead of coming from the runtime.
    expect(bundle).toContain('TerminateInstances');
  }, 120_000);
});
