import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResourceGroupsTaggingAPIClient, TagResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { S3AnnouncementLedger } from '../../lambda/audit/announcement-ledger';
import { main, parseArgs } from '../../lambda/cli/plan';
import type { Plan, RegionPlan } from '../../lambda/cli/plan-engine';
import { ReadOnlyAwsClients, ReadOnlyViolation } from '../../lambda/cli/read-only-clients';
import { TABLE_WIDTH } from '../../lambda/cli/text-table';
import { MARK_TAG } from '../../lambda/core/model';
import type { TagCensus } from '../../lambda/core/tag-census';
import { ANY_COMMAND, FakeAccount, FakeAwsError, type FakeResource } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { seedLogGroup } from '../fakes/services/cloudwatch-logs';
import { seedInstance } from '../fakes/services/ec2';
import { seedFunction } from '../fakes/services/lambda';
import { seedBucket } from '../fakes/services/s3';
import { seedTopic } from '../fakes/services/sns';
import { seedQueue } from '../fakes/services/sqs';
import { type CliRun, runCli } from '../support/run-cli';

const REPO = path.resolve(__dirname, '..', '..');
const NOW = new Date('2026-11-20T02:00:00Z');
const LONG_AGO = new Date('2026-09-01T00:00:00Z');
/** Marks an earlier run announced (see `announce`): one due tonight, one later. */
const DUE = { [MARK_TAG]: '2026-11-19T23:00:00Z' };
const LATER = { [MARK_TAG]: '2026-11-20T20:00:00Z' };
const ANNOUNCED_AT = new Date('2026-11-19T02:00:00Z');
const AUDIT_BUCKET = 'janitor-audit-bucket';

describe('janitor plan', () => {
  let account: FakeAccount;
  let restore: () => void;
  beforeEach(() => {
    account = new FakeAccount();
    restore = installFakeAws(account);
  });
  afterEach(() => restore());

  const credentials = async () => ({ accessKeyId: 'AKIDPLANTEST', secretAccessKey: 'secret', accountId: account.accountId });

  function plan(argv: string[], extra: { isTTY?: boolean; credentials?: () => Promise<any> } = {}): Promise<CliRun> {
    return runCli(main, argv, { isTTY: extra.isTTY ?? false, env: {}, cwd: REPO, now: NOW, credentials: extra.credentials ?? credentials });
  }

  /** The janitor's audit bucket, whose ledger records that an earlier run announced these marks. */
  async function announce(...resources: FakeResource[]) {
    seedBucket(account, { name: AUDIT_BUCKET, tags: { ManagedBy: 'cdk' }, createdAt: LONG_AGO });
    const ledger = new S3AnnouncementLedger(AUDIT_BUCKET, 'eu-west-1', new S3Client({ region: 'eu-west-1', credentials }));
    for (const region of new Set(resources.map((r) => r.region))) {
      const here = resources.filter((r) => r.region === region);
      const announced = here.map((r) => {
        const createdAt: Date | undefined = r.data.createdAt ?? r.data.launchTime;
        return {
          arn: r.arn,
          ...(createdAt ? { identity: createdAt.toISOString() } : {}),
          deadline: r.tags[MARK_TAG]!,
          announcedAt: ANNOUNCED_AT.toISOString(),
        };
      });
      await ledger.record(account.accountId, region, ANNOUNCED_AT, announced);
    }
    // Set-up, not the plan: only the plan's own calls are looked at.
    account.calls.splice(0);
  }

  async function seedTwoRegions() {
    const eu = {
      untagged: seedInstance(account, { launchTime: LONG_AGO }),
      due: seedBucket(account, { name: 'clickops-bucket', tags: DUE, createdAt: LONG_AGO }),
      fixed: seedQueue(account, { tags: { ManagedBy: 'terraform', ...DUE }, createdAt: LONG_AGO }),
      protectedOne: seedInstance(account, { launchTime: LONG_AGO, tags: { 'aws:autoscaling:groupName': 'web' } }),
      exempt: seedFunction(account, { tags: { 'janitor:exempt': 'true' }, createdAt: LONG_AGO }),
      young: seedLogGroup(account, { name: 'scratch', createdAt: new Date(NOW.getTime() - 3_600_000) }),
      compliant: seedInstance(account, { launchTime: LONG_AGO, tags: { ManagedBy: 'cdk' } }),
      waiting: seedTopic(account, { tags: LATER }),
    };
    const us = {
      untagged: seedQueue(account, { region: 'us-east-1', createdAt: LONG_AGO }),
      due: seedInstance(account, { region: 'us-east-1', launchTime: LONG_AGO, tags: DUE }),
      malformed: seedTopic(account, { region: 'us-east-1', tags: { 'janitor:exempt': 'someday' } }),
    };
    await announce(eu.due, eu.fixed, eu.waiting, us.due);
    return { eu, us };
  }

  const arns = (lines: { arn: string }[]) => lines.map((l) => l.arn).sort();
  const arnsOf = (...resources: FakeResource[]) => resources.map((r) => r.arn).sort();

  it('previews marks, deletions, unmarks and what it keeps, per region, as JSON; writes nothing', async () => {
    const { eu, us } = await seedTwoRegions();
    const { code, out, err } = await plan(['plan', '--region', 'eu-west-1,us-east-1', '--audit-bucket', AUDIT_BUCKET, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out) as Plan;
    expect(result.accountId).toBe(account.accountId);
    expect(result.regions.map((r) => r.region)).toEqual(['eu-west-1', 'us-east-1']);
    const [euPlan, usPlan] = result.regions as [RegionPlan, RegionPlan];

    expect(arns(euPlan.mark)).toEqual(arnsOf(eu.untagged));
    expect(euPlan.mark[0]!.deadline).toBe('2026-11-20T23:00:00Z');
    expect(arns(euPlan.delete)).toEqual(arnsOf(eu.due));
    expect(arns(euPlan.unmark)).toEqual(arnsOf(eu.fixed));
    expect(arns(euPlan.protected)).toEqual(arnsOf(eu.protectedOne));
    expect(arns(euPlan.exempt)).toEqual(arnsOf(eu.exempt));
    expect(arns(euPlan.tooYoung)).toEqual(arnsOf(eu.young));
    expect(arns(euPlan.waiting)).toEqual(arnsOf(eu.waiting));
    // The compliant instance, and the janitor's audit bucket.
    expect(euPlan.compliantCount).toBe(2);
    expect(euPlan.couldNotRead).toEqual([]);

    expect(arns(usPlan.mark)).toEqual(arnsOf(us.untagged));
    expect(arns(usPlan.delete)).toEqual(arnsOf(us.due));
    expect(arns(usPlan.needsAttention)).toEqual(arnsOf(us.malformed));
    expect(usPlan.protected).toEqual([]);

    // Read-only: nothing written, nothing deleted, and both regions were actually read.
    expect(account.mutatingCalls()).toEqual([]);
    expect(account.tagWrites).toEqual([]);
    expect(account.removals).toEqual([]);
    expect(new Set(account.calls.map((c) => c.region))).toEqual(new Set(['eu-west-1', 'us-east-1']));
    expect(account.exists(eu.due.arn) && account.exists(us.due.arn)).toBe(true);
  });

  it('without the announcement ledger no mark counts as announced: nothing is due, marks would be announced anew', async () => {
    const { eu } = await seedTwoRegions();
    const table = await plan(['plan', '--region', 'eu-west-1']);
    expect(table.out).toContain('No announcement ledger read (--audit-bucket)');
    const json = await plan(['plan', '--region', 'eu-west-1', '--json']);
    const region = (JSON.parse(json.out) as Plan).regions[0]!;
    expect(region.announcementsRead).toBe(false);
    expect(region.delete).toEqual([]);
    expect(arns(region.mark)).toEqual(arnsOf(eu.untagged, eu.due, eu.waiting));
    const due = region.mark.find((l) => l.arn === eu.due.arn)!;
    expect(due).toMatchObject({ status: 'unannounced-mark' });
    expect(due.reason).toMatch(/matches no recent announcement by the janitor/);
    expect(account.mutatingCalls()).toEqual([]);
  });

  /** A configuration file in a temporary folder: cdk.json's janitor object with these overrides. */
  function configFile(overrides: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-plan-config-'));
    const file = path.join(dir, 'janitor.json');
    fs.writeFileSync(file, JSON.stringify({ ...cdkJson.context.janitor, ...overrides }));
    return file;
  }

  it('uses the whole configuration: its target regions, its dry run stated at the top, a schema version in JSON', async () => {
    seedInstance(account, { launchTime: LONG_AGO });
    seedQueue(account, { region: 'us-east-1', createdAt: LONG_AGO });
    const file = configFile({ dryRun: true, targets: { regions: ['eu-west-1', 'us-east-1'] } });
    const json = await plan(['plan', '--config', file, '--json']);
    expect(json.code).toBe(0);
    const result = JSON.parse(json.out) as Plan;
    expect(result).toMatchObject({ schemaVersion: 1, dryRun: true });
    expect(result.regions.map((r) => r.region)).toEqual(['eu-west-1', 'us-east-1']);
    const table = await plan(['plan', '--config', file]);
    expect(table.out.split('\n')[1]).toContain('The configuration is a dry run (dryRun: true)');
    const enforcing = await plan(['plan', '--config', configFile({ dryRun: false, targets: { regions: ['eu-west-1'] } })]);
    expect(enforcing.out).not.toContain('dry run (dryRun: true)');
  });

  it('says which configured accounts it did not read, and echoes the configuration it applied in JSON', async () => {
    const file = configFile({
      targets: {
        regions: ['eu-west-1'],
        accounts: {
          includeSelf: false,
          ids: ['222222222222', '333333333333'],
          organizationalUnits: ['ou-ab12-abcdefgh'],
          exclude: ['333333333333'],
        },
        externalId: 'ext-1',
      },
    });
    const table = await plan(['plan', '--config', file]);
    expect(table.out).toContain("targets.accounts.includeSelf is false: a nightly run does not sweep the janitor's own account.");
    expect(table.out).toContain(
      "Not in this plan: account 222222222222 and the accounts under ou-ab12-abcdefgh. Member roles trust only the janitor's sweep role: plan each account with its own credentials (--profile).",
    );
    const result = JSON.parse((await plan(['plan', '--config', file, '--json'])).out) as Plan;
    expect(result.notPlanned).toEqual({ accountIds: ['222222222222'], organizationalUnits: ['ou-ab12-abcdefgh'], selfExcluded: true });
    // Defaults filled in: what the engine applied, not only what the file said.
    expect(result.config).toMatchObject({
      targets: { externalId: 'ext-1', maxConcurrency: 10 },
      gracePeriodDays: cdkJson.context.janitor.gracePeriodDays,
    });
    // The shipped configuration sweeps only this account: nothing to say.
    expect((await plan(['plan', '--region', 'eu-west-1'])).out).not.toContain('Not in this plan');
  });

  it('puts a cap the run would hit first, and exits 1', async () => {
    for (let i = 0; i < 3; i++) seedInstance(account, { launchTime: LONG_AGO });
    const capped = await plan([
      'plan',
      '--config',
      configFile({ limits: { maxMarksPerRun: 2, maxDeletionsPerRun: 25 } }),
      '--region',
      'eu-west-1',
    ]);
    expect(capped.code).toBe(1);
    expect(capped.err).toContain('a blast-radius cap would stop a run in eu-west-1');
    const lines = capped.out.split('\n');
    const cap = lines.findIndex((l) => l.startsWith('CAP: 3 resources are due to be marked'));
    expect(cap).toBeGreaterThan(0);
    expect(cap).toBeLessThan(lines.findIndex((l) => l.startsWith('Would mark')));
  });

  it('says its version', async () => {
    const version = (await plan(['--version'])).out;
    expect(version).toBe(`janitor ${JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}\n`);
  });

  it('asks STS for the account when long-term keys do not carry it', async () => {
    seedInstance(account, { launchTime: LONG_AGO });
    const keysOnly = async () => ({ accessKeyId: 'AKIDPLANTEST', secretAccessKey: 'secret' });
    const { code, out } = await plan(['plan', '--region', 'eu-west-1', '--json'], { credentials: keysOnly });
    expect(code).toBe(0);
    expect((JSON.parse(out) as Plan).accountId).toBe(account.accountId);
    expect(account.callsOf('GetCallerIdentity')).toHaveLength(1);
  });

  it('prints a readable table by default', async () => {
    const { eu, us } = await seedTwoRegions();
    const { code, out } = await plan(['plan', '--region', 'eu-west-1,us-east-1', '--audit-bucket', AUDIT_BUCKET]);
    expect(code).toBe(0);
    expect(out).not.toContain('No announcement ledger read');
    expect(out).toContain('== eu-west-1 ==');
    expect(out).toContain('== us-east-1 ==');
    expect(out).toMatch(/Would delete .*\(1\):[\s\S]*clickops-bucket/);
    expect(out).toMatch(/Would mark \(new violations\) \(1\):[\s\S]*/);
    expect(out).toContain(eu.untagged.data.instanceId);
    expect(out).toContain(us.due.data.instanceId);
    expect(out).toMatch(/Protected \(1\)/);
    expect(out).toMatch(/Exempt \(1\)/);
    expect(out).toMatch(/Too young to judge \(1\)/);
    expect(out).toMatch(/Needs attention .*\(1\)/);
    expect(out).not.toContain('Could not read');
    const tableLines = out.split('\n').filter((l) => l.startsWith('  '));
    expect(tableLines.length).toBeGreaterThan(10);
    for (const l of tableLines) expect(l.length, l).toBeLessThanOrEqual(TABLE_WIDTH);
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('goes on when a type cannot be read and lists it under "could not read"', async () => {
    const { eu } = await seedTwoRegions();
    account.failNext(
      'ListQueues',
      () => new FakeAwsError('AccessDenied', 'User is not authorized to perform: sqs:ListQueues'),
      1,
      'eu-west-1',
    );
    const table = await plan(['plan', '--region', 'eu-west-1']);
    expect(table.code).toBe(1);
    expect(table.out).toMatch(/Could not read \(1\)[\s\S]*sqs:queue\s+AccessDenied: User is not authorized/);
    expect(table.out).toContain(eu.untagged.data.instanceId);
    expect(table.err).toContain('could not be read');

    account.failNext('ListQueues', () => new FakeAwsError('AccessDenied', 'nope'), 1, 'eu-west-1');
    const json = await plan(['plan', '--region', 'eu-west-1', '--audit-bucket', AUDIT_BUCKET, '--json']);
    const region = (JSON.parse(json.out) as Plan).regions[0]!;
    expect(region.couldNotRead).toEqual([{ type: 'sqs:queue', error: 'AccessDenied: nope' }]);
    expect(arns(region.mark)).toEqual(arnsOf(eu.untagged));
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('says clearly when there are no credentials, or they expired', async () => {
    const none = await plan(['plan', '--region', 'eu-west-1'], {
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
      },
    });
    expect(none.code).toBe(1);
    expect(none.err).toContain('no AWS credentials found: set AWS_PROFILE or run aws sso login');

    account.failNext(
      'GetResources',
      () => new FakeAwsError('ExpiredTokenException', 'The security token included in the request is expired'),
    );
    const expired = await plan(['plan', '--region', 'eu-west-1']);
    expect(expired.code).toBe(1);
    expect(expired.err).toMatch(/expired \(ExpiredToken\)/);
    expect(expired.out).toBe('');
  });

  describe('names the real problem once', () => {
    const keysOnly = async () => ({ accessKeyId: 'AKIDPLANTEST', secretAccessKey: 'secret' });
    /** Node's DNS failure, as the SDK passes it on. */
    const notFound = (host: string) => () =>
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', hostname: host });
    const withDns =
      (works: boolean) =>
      (argv: string[], credentials = keysOnly) =>
        runCli(main, argv, { isTTY: false, env: {}, cwd: REPO, now: NOW, credentials, resolvesHost: async () => works });

    it('a region no endpoint exists for, when the network works', async () => {
      account.failNext('GetCallerIdentity', notFound('sts.eu-nowhere-1.amazonaws.com'));
      const { code, out, err } = await withDns(true)(['plan', '--region', 'eu-nowhere-1']);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toContain('unknown region "eu-nowhere-1": no AWS endpoint exists for it');
      expect(err).not.toContain('--account-id');
    });

    it('no network at all', async () => {
      account.failNext('GetCallerIdentity', notFound('sts.eu-west-1.amazonaws.com'));
      const { code, err } = await withDns(false)(['plan', '--region', 'eu-west-1']);
      expect(code).toBe(1);
      expect(err).toContain('cannot reach AWS: getaddrinfo ENOTFOUND sts.eu-west-1.amazonaws.com');
    });

    it('an access key AWS does not know, or a secret that is not its own', async () => {
      account.failNext(
        'GetCallerIdentity',
        () => new FakeAwsError('InvalidClientTokenId', 'The security token included in the request is invalid.'),
      );
      const invalid = await withDns(true)(['plan', '--region', 'eu-west-1']);
      expect(invalid.code).toBe(1);
      expect(invalid.err).toContain('InvalidClientTokenId: the access key is not valid');
      account.failNext(
        'GetResources',
        () => new FakeAwsError('SignatureDoesNotMatch', 'The request signature we calculated does not match'),
      );
      const wrongSecret = await withDns(true)(['plan', '--region', 'eu-west-1', '--account-id', account.accountId]);
      expect(wrongSecret.code).toBe(1);
      expect(wrongSecret.err).toContain('SignatureDoesNotMatch: the secret access key does not belong to the access key');
      expect(wrongSecret.out).toBe('');
    });

    it('with --account-id, once for the region, not once per type', async () => {
      account.failNext(ANY_COMMAND, notFound('ec2.eu-nowhere-1.amazonaws.com'), 1000);
      const { code, out, err } = await withDns(true)(['plan', '--region', 'eu-nowhere-1', '--account-id', account.accountId]);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err.match(/ENOTFOUND/g)).toHaveLength(1);
      expect(err).toContain('unknown region "eu-nowhere-1"');
    });

    it('a service missing from one region stays that type\'s own "could not read"', async () => {
      seedQueue(account, { createdAt: LONG_AGO });
      account.failNext('ListFunctions', notFound('lambda.eu-west-1.amazonaws.com'), 1, 'eu-west-1');
      const json = await withDns(true)(['plan', '--region', 'eu-west-1', '--account-id', account.accountId, '--json']);
      expect(json.code).toBe(1);
      expect((JSON.parse(json.out) as Plan).regions[0]!.couldNotRead).toEqual([
        { type: 'lambda:function', error: 'getaddrinfo ENOTFOUND lambda.eu-west-1.amazonaws.com' },
      ]);
    });
  });

  it('rejects bad usage with exit code 2', async () => {
    const unknownRegion = await plan(['plan', '--region', 'eu-west-1,mars-north-1x']);
    expect(unknownRegion.code).toBe(2);
    expect(unknownRegion.err).toContain('unknown region "mars-north-1x"');
    expect((await plan(['plan', '--frobnicate'])).code).toBe(2);
    expect((await plan(['plan', '--region'])).code).toBe(2);
    expect((await plan(['plan', '--region', 'eu-west-1', '--config', 'does-not-exist.json'])).code).toBe(2);
    expect(account.calls).toEqual([]);
    expect(parseArgs(['plan', '--region=us-gov-west-1', '--json']).regions).toEqual(['us-gov-west-1']);
  });

  it('shows progress on a terminal and stays quiet otherwise', async () => {
    await seedTwoRegions();
    const tty = await plan(['plan', '--region', 'eu-west-1', '--json'], { isTTY: true });
    expect(tty.err).toContain('[eu-west-1] planning');
    expect(tty.err).toContain('reading ec2:instance');
    // One status line per region, redrawn in place, ending in a summary line.
    expect(tty.err).toContain('\r\x1b[2K');
    expect(tty.err).toMatch(/\[eu-west-1\] planned \(\d+ reads\)\n$/);
    expect(() => JSON.parse(tty.out)).not.toThrow();
    const quiet = await plan(['plan', '--region', 'eu-west-1', '--json']);
    expect(quiet.err).toBe('');
  });

  describe('--census', () => {
    function seedManagedBy() {
      seedInstance(account, { launchTime: LONG_AGO, tags: { ManagedBy: 'terraform' } });
      seedQueue(account, { createdAt: LONG_AGO, tags: { managedby: 'Terraform' } });
      seedBucket(account, { createdAt: LONG_AGO, tags: { ManagedBy: 'manual' } });
      seedFunction(account, { createdAt: LONG_AGO, tags: { Team: 'data' } });
      seedQueue(account, { region: 'us-east-1', createdAt: LONG_AGO, tags: { ManagedBy: 'terraform' } });
    }

    it('counts the required key’s values per region and in total, in --json', async () => {
      seedManagedBy();
      const { code, out } = await plan(['plan', '--region', 'eu-west-1,us-east-1', '--census', '--json']);
      expect(code).toBe(0);
      const result = JSON.parse(out) as Plan & { census: TagCensus };
      const [eu, us] = result.regions.map((r) => r.census!) as [TagCensus, TagCensus];
      expect(eu.resources).toBe(4);
      expect(eu.keys).toEqual([
        {
          key: 'ManagedBy',
          allowedValues: ['terraform', 'cdk', 'cloudformation', 'pulumi'],
          values: [
            { value: 'manual', count: 1, countsAsIaC: false },
            { value: 'terraform', count: 1, countsAsIaC: true },
            { value: 'Terraform', count: 1, countsAsIaC: true },
          ],
          missing: 1,
          spellings: [
            { key: 'ManagedBy', count: 2, matchesRule: true },
            { key: 'managedby', count: 1, matchesRule: true },
          ],
        },
      ]);
      expect(us.keys[0]!.values).toEqual([{ value: 'terraform', count: 1, countsAsIaC: true }]);
      expect(result.census.resources).toBe(5);
      expect(result.census.keys[0]!.values[0]).toEqual({ value: 'terraform', count: 2, countsAsIaC: true });
      expect(account.mutatingCalls()).toEqual([]);
    });

    it('prints a census section per region and a total', async () => {
      seedManagedBy();
      const { code, out } = await plan(['plan', '--region', 'eu-west-1,us-east-1', '--census']);
      expect(code).toBe(0);
      expect(out).toMatch(/Tag census of the required tags \(4 resources; keys and values compared trimmed and case-insensitively\)/);
      expect(out).toMatch(/ManagedBy \(allowed: terraform\|cdk\|cloudformation\|pulumi\): 2 count as IaC, 1 do not, 1 without the key/);
      expect(out).toMatch(/VALUE\s+RESOURCES\s+COUNTS AS IAC\n\s+manual\s+1\s+no/);
      expect(out).toContain('key spelt: ManagedBy (2), managedby (1)');
      expect(out).toMatch(/== all 2 regions ==\n\nTag census of the required tags \(5 resources/);
    });

    it('is absent without --census', async () => {
      seedManagedBy();
      const { out } = await plan(['plan', '--region', 'eu-west-1', '--json']);
      const result = JSON.parse(out) as Plan & { census?: unknown };
      expect(result.census).toBeUndefined();
      expect(result.regions[0]!.census).toBeUndefined();
      expect((await plan(['plan', '--region', 'eu-west-1'])).out).not.toContain('Tag census');
    });
  });

  it('refuses a write through the read-only client set before it reaches AWS', async () => {
    const instance = seedInstance(account, { launchTime: LONG_AGO });
    const clients = new ReadOnlyAwsClients({ accountId: account.accountId, region: 'eu-west-1', credentials });
    const tagging = clients.get(ResourceGroupsTaggingAPIClient);
    await expect(tagging.send(new TagResourcesCommand({ ResourceARNList: [instance.arn], Tags: { a: 'b' } }))).rejects.toBeInstanceOf(
      ReadOnlyViolation,
    );
    expect(account.calls).toEqual([]);
    expect(account.find(instance.arn)?.tags).toEqual({});
  });
});
