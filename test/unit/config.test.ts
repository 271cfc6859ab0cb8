import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambda/config';
import { RESOURCE_TYPE_IDS } from '../../lambda/resources/registry';
import { MINIMAL_CONFIG, problemsOf } from '../support/config';

const minimal = MINIMAL_CONFIG;

describe('configuration', () => {
  it('a minimal configuration gets safe defaults: dry run, every type, caps, one-day grace', () => {
    const config = parseConfig(minimal);
    expect(config.dryRun).toBe(true);
    expect(config.resourceTypes).toEqual(RESOURCE_TYPE_IDS);
    expect(config.limits).toEqual({ maxMarksPerRun: 50, maxDeletionsPerRun: 25 });
    expect(config.gracePeriodDays).toBe(1);
    expect(config.schedule).toEqual({ expression: 'cron(0 2 * * ? *)', timeZone: 'UTC' });
    expect(config.compliance.requiredTags[0]!.key).toBe('ManagedBy');
  });

  it('parsing is stable: the parsed object parses to itself (the Lambda re-validates what synth wrote)', () => {
    const config = parseConfig({ ...minimal, dryRun: false, gracePeriodDays: 2 });
    expect(parseConfig(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('every bad value is reported with the field that holds it', () => {
    const problems = problemsOf({
      ...minimal,
      limits: { maxMarksPerRun: 0 },
      schedule: { timeZone: 'Mars/Olympus' },
      resourceTypes: ['ec2:instance', 'ec2:spaceship'],
      compliance: { requiredTags: [] },
      gracePeriodDays: 1.5,
    });
    expect(problems.join('\n')).toMatch(/janitor\.limits\.maxMarksPerRun/);
    expect(problems.join('\n')).toMatch(/janitor\.schedule\.timeZone: must be an IANA time zone/);
    expect(problems.join('\n')).toMatch(
      /janitor\.resourceTypes\.1: "ec2:spaceship" is not a supported resource type; supported: ec2:instance, /,
    );
    expect(problems.join('\n')).toMatch(/janitor\.compliance\.requiredTags: list at least one required tag/);
    expect(problems.join('\n')).toMatch(/janitor\.gracePeriodDays/);
  });

  it('a misspelt field is an error, not silently ignored, and the near match is suggested', () => {
    expect(problemsOf({ ...minimal, dryrun: false })).toEqual(['janitor: unknown field(s) "dryrun" (did you mean "dryRun"?)']);
    expect(problemsOf({ ...minimal, limits: { maxMarkPerRun: 3 } })).toEqual([
      'janitor.limits: unknown field(s) "maxMarkPerRun" (did you mean "maxMarksPerRun"?)',
    ]);
    expect(problemsOf({ ...minimal, compliance: { requiredTags: [{ key: 'Team', vaules: ['x'] }] } })).toEqual([
      'janitor.compliance.requiredTags.0: unknown field(s) "vaules" (did you mean "values"?)',
    ]);
    expect(problemsOf({ ...minimal, somethingElse: 1 })).toEqual(['janitor: unknown field(s) "somethingElse"']);
  });

  it('a missing field is "required"; a bad value is echoed; a misspelt type id gets its near match', () => {
    expect(problemsOf({ slack: { channel: '#janitor' } })).toEqual(['janitor.slack.tokenSecretName: required (expected string)']);
    expect(problemsOf({ ...minimal, gracePeriodDays: 0 })).toEqual([
      'janitor.gracePeriodDays: Too small: expected number to be >=1 (got 0)',
    ]);
    expect(problemsOf({ ...minimal, targets: { regions: 'eu-west-1' } })).toEqual([
      'janitor.targets.regions: must be "all-enabled" or a list of region codes such as ["eu-west-1"] (got "eu-west-1")',
    ]);
    expect(problemsOf({ ...minimal, resourceTypes: ['ec2:instanse'] })).toEqual([
      'janitor.resourceTypes.0: "ec2:instanse" is not a supported resource type; did you mean "ec2:instance"?',
    ]);
    expect(problemsOf({ ...minimal, exemptions: { resourceTypes: ['SQS:Queue'] } })).toEqual([
      'janitor.exemptions.resourceTypes.0: "SQS:Queue" is not a supported resource type; did you mean "sqs:queue"?',
    ]);
  });

  it('missing configuration and missing Slack settings are named', () => {
    expect(problemsOf(undefined)[0]).toMatch(/^janitor: configuration is missing/);
    expect(problemsOf({}).join('\n')).toMatch(/janitor\.slack/);
    expect(problemsOf({ slack: { channel: 'general', tokenSecretName: 'x' } })[0]).toMatch(/^janitor\.slack\.channel/);
  });

  it('a schedule must be an EventBridge Scheduler cron expression', () => {
    expect(problemsOf({ ...minimal, schedule: { expression: '0 2 * * *' } })[0]).toMatch(/^janitor\.schedule\.expression/);
  });
});

describe('configuration: Keep buttons and owners', () => {
  const keep = { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0ALICE'] };

  it('no keepButtons means no buttons; owners get defaults: common owner tags, CloudTrail, no email domain trusted yet', () => {
    const config = parseConfig(minimal);
    expect(config.slack.keepButtons).toBeUndefined();
    expect(config.owners).toEqual({
      tagKeys: ['Owner', 'owner', 'CreatedBy', 'created-by'],
      fromCloudTrail: true,
      slackUserByOwner: {},
      lookupSlackUserByEmail: true,
      emailDomains: [],
    });
  });

  it('keepButtons with user IDs, a user group, or both; "Keep forever" is off unless asked for', () => {
    const byIds = parseConfig({ ...minimal, slack: { ...minimal.slack, keepButtons: keep } });
    expect(byIds.slack.keepButtons).toEqual({ ...keep, allowForever: false });
    const byGroup = parseConfig({
      ...minimal,
      slack: { ...minimal.slack, keepButtons: { signingSecretName: 's', allowedUserGroupId: 'S0PLATFORM', allowForever: true } },
    });
    expect(byGroup.slack.keepButtons).toEqual({
      signingSecretName: 's',
      allowedUserIds: [],
      allowedUserGroupId: 'S0PLATFORM',
      allowForever: true,
    });
    expect(parseConfig(JSON.parse(JSON.stringify(byGroup)))).toEqual(byGroup);
  });

  it('an allow-list with nobody on it is an error naming the field', () => {
    expect(problemsOf({ ...minimal, slack: { ...minimal.slack, keepButtons: { signingSecretName: 's' } } })).toEqual([
      'janitor.slack.keepButtons.allowedUserIds: give at least one Slack user ID here, or slack.keepButtons.allowedUserGroupId; otherwise nobody may click',
    ]);
  });

  it('bad Keep button and owner values are reported with their fields', () => {
    const problems = problemsOf({
      ...minimal,
      slack: {
        ...minimal.slack,
        keepButtons: { signingSecretName: '', allowedUserIds: ['alice'], allowedUserGroupId: 'G123', allowforever: true },
      },
      owners: { tagKeys: [''], slackUserByOwner: { alice: 'alice' }, fromCloudtrail: false },
    }).join('\n');
    expect(problems).toMatch(/janitor\.slack\.keepButtons\.signingSecretName: must name the Secrets Manager secret/);
    expect(problems).toMatch(/janitor\.slack\.keepButtons\.allowedUserIds\.0: must be a Slack user ID/);
    expect(problems).toMatch(/janitor\.slack\.keepButtons\.allowedUserGroupId: must be a Slack user group ID/);
    expect(problems).toMatch(/janitor\.slack\.keepButtons: unknown field\(s\) "allowforever"/);
    expect(problems).toMatch(/janitor\.owners\.tagKeys\.0: must not be empty/);
    expect(problems).toMatch(/janitor\.owners\.slackUserByOwner\.alice: must be a Slack user ID/);
    expect(problems).toMatch(/janitor\.owners: unknown field\(s\) "fromCloudtrail"/);
  });
});

describe('configuration re-read by a Lambda without the registry (the keep endpoint)', () => {
  it('accepts what synth wrote, and still names a bad field', async () => {
    const { parseSynthValidatedConfig } = await import('../../lambda/config/schema');
    const written = JSON.parse(
      JSON.stringify(
        parseConfig({ ...minimal, resourceTypes: ['ec2:instance', 'sqs:queue'], exemptions: { resourceTypes: ['s3:bucket'] } }),
      ),
    );
    expect(parseSynthValidatedConfig(written)).toEqual(parseConfig(written));
    expect(() => parseSynthValidatedConfig({ ...written, limits: { maxMarksPerRun: 0 } })).toThrow(/janitor\.limits\.maxMarksPerRun/);
    expect(() => parseSynthValidatedConfig({ slack: minimal.slack })).toThrow(/janitor\.resourceTypes: missing/);
  });
});

describe('blast-radius caps fit big accounts', () => {
  const minimal = MINIMAL_CONFIG;
  it('accept up to 1,000,000, or "unlimited" written out, and nothing vague', () => {
    expect(parseConfig({ ...minimal, limits: { maxMarksPerRun: 1_000_000 } }).limits.maxMarksPerRun).toBe(1_000_000);
    expect(parseConfig({ ...minimal, limits: { maxDeletionsPerRun: 'unlimited' } }).limits.maxDeletionsPerRun).toBe('unlimited');
    expect(problemsOf({ ...minimal, limits: { maxMarksPerRun: 'none' } })).toEqual([
      'janitor.limits.maxMarksPerRun: must be a whole number from 1 to 1000000 or "unlimited" (got "none")',
    ]);
    expect(problemsOf({ ...minimal, limits: { maxMarksPerRun: 2_000_000 } })[0]).toContain('<=1000000 (got 2000000)');
  });
});
