import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
// The package's entry (package.json "main"), as a team's own CDK app imports it.
import { ConfigError, type JanitorConfigInput, JanitorMemberStack, parseConfig, UntaggedResourceJanitor } from '../../lib';
import { buildApp } from '../../lib/app';

const EXAMPLE = cdkJson.context.janitor as JanitorConfigInput;
/** A team's app: none of this repo's cdk.json context, bundling skipped so synth takes milliseconds. */
const teamApp = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

function teamStack(config: unknown = EXAMPLE, name?: string) {
  const app = teamApp();
  const stack = new Stack(app, 'PlatformStack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const ownBucket = new s3.Bucket(stack, 'TeamBucket');
  const janitor = new UntaggedResourceJanitor(stack, 'Janitor', { config: config as JanitorConfigInput, name });
  return { app, stack, ownBucket, janitor };
}

describe('UntaggedResourceJanitor in a team’s own CDK app', () => {
  let built: ReturnType<typeof teamStack>;
  let template: Template;
  beforeAll(() => {
    built = teamStack(EXAMPLE, 'TeamJanitor');
    template = Template.fromStack(built.stack);
  });

  it('builds the whole janitor: the nightly schedule, the state machine and the sweep function', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 1);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(built.janitor.config.dryRun).toBe(EXAMPLE.dryRun ?? true);
  });

  it('names its roles, dashboard and own-resource exemption after its name, not the stack', () => {
    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'TeamJanitor-sweep' });
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'TeamJanitor-nights' });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ JANITOR_STACK_NAME: 'TeamJanitor' }) },
    });
  });

  it('keeps the output keys that janitor run-now, pause and resume read', () => {
    const outputs = Object.keys(template.toJSON().Outputs);
    expect(outputs).toEqual(expect.arrayContaining(['StateMachineArn', 'ScheduleName', 'Schedule', 'AuditBucketName']));
  });

  it("tags only its own resources as IaC, never the team's other resources", () => {
    const buckets = template.findResources('AWS::S3::Bucket');
    const keysOf = (prefix: string) =>
      Object.entries(buckets)
        .filter(([id]) => id.startsWith(prefix))
        .flatMap(([, b]) => (b.Properties?.Tags ?? []).map((t: { Key: string }) => t.Key));
    const required = parseConfig(EXAMPLE).compliance.requiredTags.map((r) => r.key);
    expect(required.length).toBeGreaterThan(0);
    expect(keysOf('JanitorAuditBucket')).toEqual(expect.arrayContaining(required));
    expect(keysOf('TeamBucket')).toEqual([]);
    expect(Object.keys(buckets).filter((id) => id.startsWith('TeamBucket'))).toHaveLength(1);
  });

  it('passes cdk-nag AwsSolutions there too (its acknowledgements follow it into another stack)', () => {
    const report = new AwsSolutionsChecks().validateScope(built.janitor);
    expect(report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('pairs with a member stack given the same name: the member role trusts exactly its sweep role', () => {
    const member = new JanitorMemberStack(teamApp(), 'Member', {
      config: parseConfig({ ...EXAMPLE, targets: { ...EXAMPLE.targets, externalId: 'ext-123456' } }),
      janitorAccountId: '111122223333',
      janitorStackName: 'TeamJanitor',
    });
    const trust = JSON.stringify(Template.fromStack(member).toJSON());
    expect(trust).toContain(':role/TeamJanitor-sweep');
  });

  it('is named UntaggedResourceJanitor by default', () => {
    Template.fromStack(teamStack().stack).hasResourceProperties('AWS::IAM::Role', { RoleName: 'UntaggedResourceJanitor-sweep' });
  });

  it('rejects a bad configuration naming the field, and a name that cannot name roles', () => {
    expect(() => teamStack({ ...EXAMPLE, dryRun: 'yes' })).toThrow(ConfigError);
    expect(() => teamStack({ ...EXAMPLE, dryRun: 'yes' })).toThrow(/dryRun/);
    expect(() => teamStack(EXAMPLE, 'team janitor')).toThrow(/name: letters, digits and hyphens.*"team janitor"/);
    expect(() => teamStack(EXAMPLE, 'J'.repeat(59))).toThrow(/name: at most 58 characters/);
  });
});

describe('-c janitorConfig=path: the configuration from a file outside the repo', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-config-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const build = (janitorConfig: unknown) => buildApp({ context: { ...cdkJson.context, janitorConfig, 'aws:cdk:bundling-stacks': [] } });

  it("replaces cdk.json's janitor object", () => {
    const file = write('janitor.json', JSON.stringify({ ...EXAMPLE, dryRun: false, schedule: { expression: 'cron(0 4 * * ? *)' } }));
    const { config } = build(file);
    expect(config.dryRun).toBe(false);
    expect(config.schedule.expression).toBe('cron(0 4 * * ? *)');
  });

  it('may be a cdk.json-like file whose context names the stack too', () => {
    const file = write('cdk-like.json', JSON.stringify({ context: { janitor: EXAMPLE, janitorStackName: 'TeamJanitor' } }));
    expect(build(file).stack.stackName).toBe('TeamJanitor');
  });

  it('fails at synth naming the file when it is missing, not JSON, or not an object', () => {
    expect(() => build(path.join(dir, 'nope.json'))).toThrow(/janitorConfig: the file .*nope\.json does not exist/);
    expect(() => build(write('bad.json', '{ "dryRun": tru'))).toThrow(/janitorConfig: .*bad\.json is not valid JSON/);
    expect(() => build(write('list.json', '[1]'))).toThrow(/janitorConfig: .*list\.json must hold a JSON object/);
    expect(() => build('')).toThrow(/janitorConfig: must be the path of a JSON file, got ""/);
  });

  it("reports the file's configuration problems by field", () => {
    const file = write('invalid.json', JSON.stringify({ ...EXAMPLE, limits: { maxMarksPerRun: -1 } }));
    expect(() => build(file)).toThrow(/limits\.maxMarksPerRun/);
  });
});
