import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliDeps, COMMANDS_USAGE, main } from '../../lambda/cli/plan';
import { UNMARK_USAGE, unmarkMain } from '../../lambda/cli/unmark';
import type { UnmarkResult } from '../../lambda/cli/unmark-engine';
import { EXEMPT_TAG, MARK_TAG } from '../../lambda/core/model';
import { FakeAccount, FakeAwsError } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { seedAutoScalingGroup } from '../fakes/services/autoscaling';
import { seedInstance } from '../fakes/services/ec2';
import { seedFunction } from '../fakes/services/lambda';
import { seedBucket } from '../fakes/services/s3';
import { seedTopic } from '../fakes/services/sns';
import { seedQueue } from '../fakes/services/sqs';
import { type CliRun, runCli } from '../support/run-cli';

const REPO = path.resolve(__dirname, '..', '..');
const MARK = { [MARK_TAG]: '2026-11-20T23:00:00Z' };
const KEPT_BY = 'janitor:kept-by';

describe('janitor unmark', () => {
  let account: FakeAccount;
  let restore: () => void;
  beforeEach(() => {
    account = new FakeAccount();
    restore = installFakeAws(account);
  });
  afterEach(() => restore());

  const credentials = async () => ({ accessKeyId: 'AKIDUNMARKTEST', secretAccessKey: 'secret', accountId: account.accountId });

  function janitor(argv: string[], extra: { cwd?: string; credentials?: () => Promise<any> } = {}): Promise<CliRun> {
    // `janitor unmark ...` is routed by bin/janitor-cli.js; `janitor plan ...` and no command by plan's main.
    const entry = argv[0] === 'unmark' ? (a: string[], d: CliDeps) => unmarkMain(a.slice(1), d) : main;
    return runCli(entry, argv, { env: {}, cwd: extra.cwd ?? REPO, credentials: extra.credentials ?? credentials });
  }

  function seedAccount() {
    return {
      queue: seedQueue(account, { tags: { ...MARK, Team: 'data' } }),
      instance: seedInstance(account, { tags: MARK }),
      kept: seedFunction(account, { tags: { ...MARK, [EXEMPT_TAG]: '2026-12-31', [KEPT_BY]: 'U0123ABCD' } }),
      group: seedAutoScalingGroup(account, { name: 'web', tags: { ...MARK, Owner: 'ana' } }),
      topic: seedTopic(account, { region: 'us-east-1', tags: MARK }),
      unmarkedQueue: seedQueue(account, { tags: { Team: 'web' } }),
      unmarkedGroup: seedAutoScalingGroup(account, { name: 'api', tags: { Owner: 'bo' } }),
      neverTagged: seedBucket(account, {}),
    };
  }

  const tagsOf = (r: { arn: string }) => account.get(r.arn).tags;
  const untagCalls = () => account.callsOf('UntagResources');

  it('removes the mark, and only the mark, from every marked resource in every region', async () => {
    const seeded = seedAccount();
    const { code, out, err } = await janitor(['unmark', '--region', 'eu-west-1,us-east-1', '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(out) as UnmarkResult;
    expect(result).toMatchObject({ accountId: account.accountId, dryRun: false });
    const [eu, us] = result.regions;
    expect(eu!.resources.map((r) => r.id).sort()).toEqual([seeded.queue.arn, seeded.instance.arn, seeded.kept.arn, 'web'].sort());
    expect(eu!.resources.every((r) => r.result === 'unmarked' && r.mark === MARK[MARK_TAG])).toBe(true);
    expect(us!.resources).toEqual([{ id: seeded.topic.arn, kind: 'tagged-resource', mark: MARK[MARK_TAG], result: 'unmarked' }]);

    expect(tagsOf(seeded.queue)).toEqual({ Team: 'data' });
    expect(tagsOf(seeded.instance)).toEqual({});
    expect(tagsOf(seeded.group)).toEqual({ Owner: 'ana' });
    expect(tagsOf(seeded.topic)).toEqual({});
    // The owner's exemption stays, and so does who granted it.
    expect(tagsOf(seeded.kept)).toEqual({ [EXEMPT_TAG]: '2026-12-31', [KEPT_BY]: 'U0123ABCD' });
    expect(tagsOf(seeded.unmarkedQueue)).toEqual({ Team: 'web' });
    expect(tagsOf(seeded.unmarkedGroup)).toEqual({ Owner: 'bo' });

    // Only the two permitted writes, each removing the mark alone, and never on an unmarked resource.
    expect(new Set(account.mutatingCalls().map((c) => c.command))).toEqual(new Set(['UntagResources', 'DeleteTags']));
    expect(untagCalls().every((c) => c.input.TagKeys.length === 1 && c.input.TagKeys[0] === MARK_TAG)).toBe(true);
    expect(untagCalls().flatMap((c) => c.input.ResourceARNList)).not.toContain(seeded.unmarkedQueue.arn);
    expect(account.callsOf('DeleteTags').map((c) => c.input.Tags)).toEqual([
      [{ ResourceId: 'web', ResourceType: 'auto-scaling-group', Key: MARK_TAG }],
    ]);
    expect(account.callsOf('GetResources').every((c) => c.input.TagFilters?.[0]?.Key === MARK_TAG)).toBe(true);
    expect(account.callsOf('DescribeTags')[0]?.input.Filters).toEqual([{ Name: 'key', Values: [MARK_TAG] }]);
  });

  it('pages through GetResources and untags in batches of at most 20 ARNs', async () => {
    const queues = Array.from({ length: 130 }, () => seedQueue(account, { tags: MARK }));
    const { code } = await janitor(['unmark', '--region', 'eu-west-1']);
    expect(code).toBe(0);
    expect(account.callsOf('GetResources').length).toBeGreaterThanOrEqual(2);
    expect(untagCalls()).toHaveLength(7);
    expect(untagCalls().every((c) => c.input.ResourceARNList.length <= 20)).toBe(true);
    expect(queues.filter((q) => tagsOf(q)[MARK_TAG] !== undefined)).toEqual([]);
  });

  it('--dry-run lists what it would unmark and writes nothing', async () => {
    const seeded = seedAccount();
    const { code, out } = await janitor(['unmark', '--region', 'eu-west-1', '--dry-run']);
    expect(code).toBe(0);
    expect(out).toContain('dry run; nothing was changed');
    expect(out).toMatch(new RegExp(`${seeded.queue.arn}\\s+${MARK[MARK_TAG]}\\s+would unmark`));
    expect(out).toMatch(/Auto Scaling group web\s+\S+\s+would unmark/);
    expect(out).not.toContain(seeded.unmarkedQueue.arn);
    expect(account.mutatingCalls()).toEqual([]);
    expect(tagsOf(seeded.queue)[MARK_TAG]).toBe(MARK[MARK_TAG]);
    expect(tagsOf(seeded.group)[MARK_TAG]).toBe(MARK[MARK_TAG]);
  });

  it('reports each resource whose mark could not be removed, unmarks the rest, and exits 1', async () => {
    const seeded = seedAccount();
    account.tagFailures.set(seeded.queue.arn, {
      StatusCode: 403,
      ErrorCode: 'AccessDeniedException',
      ErrorMessage: 'not authorized to untag',
    });
    account.failNext('DeleteTags', () => new FakeAwsError('AccessDenied', 'not authorized to perform autoscaling:DeleteTags'));

    const json = await janitor(['unmark', '--region', 'eu-west-1', '--json']);
    expect(json.code).toBe(1);
    expect(json.err).toContain('2 failure(s)');
    const failed = (JSON.parse(json.out) as UnmarkResult).regions[0]!.resources.filter((r) => r.result === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({ id: seeded.queue.arn, error: 'AccessDeniedException: not authorized to untag' }),
      expect.objectContaining({ id: 'web', error: 'AccessDenied: not authorized to perform autoscaling:DeleteTags' }),
    ]);
    expect(tagsOf(seeded.queue)[MARK_TAG]).toBeDefined();
    expect(tagsOf(seeded.group)[MARK_TAG]).toBeDefined();
    expect(tagsOf(seeded.instance)[MARK_TAG]).toBeUndefined();

    // The table says the same: what failed, with the AWS error.
    const table = await janitor(['unmark', '--region', 'eu-west-1']);
    expect(table.code).toBe(1);
    expect(table.out).toMatch(new RegExp(`${seeded.queue.arn}\\s+\\S+\\s+FAILED: AccessDeniedException: not authorized\\s+to untag`));
  });

  it('a region whose marks cannot be listed is reported; the other regions are unmarked', async () => {
    const seeded = seedAccount();
    account.failNext(
      'GetResources',
      () => new FakeAwsError('AccessDeniedException', 'not authorized to perform tag:GetResources'),
      1,
      'us-east-1',
    );
    const { code, out, err } = await janitor(['unmark', '--region', 'eu-west-1,us-east-1']);
    expect(code).toBe(1);
    expect(out).toContain('could not read tagging API (GetResources): AccessDeniedException: not authorized to perform tag:GetResources');
    expect(err).toContain('1 failure(s)');
    expect(tagsOf(seeded.instance)[MARK_TAG]).toBeUndefined();
    expect(tagsOf(seeded.topic)[MARK_TAG]).toBeDefined();
  });

  it('leaves Auto Scaling groups alone when their type is not enabled in the configuration', async () => {
    const seeded = seedAccount();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-unmark-'));
    try {
      const config = { slack: { channel: '#janitor', tokenSecretName: 'janitor/slack' }, resourceTypes: ['sqs:queue'] };
      fs.writeFileSync(path.join(dir, 'janitor.json'), JSON.stringify(config));
      const { code } = await janitor(['unmark', '--region', 'eu-west-1', '--config', 'janitor.json'], { cwd: dir });
      expect(code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(account.callsOf('DescribeTags')).toEqual([]);
    expect(tagsOf(seeded.group)[MARK_TAG]).toBeDefined();
    // The tagging API's marks are all the janitor's, whatever the configured types.
    expect(tagsOf(seeded.instance)[MARK_TAG]).toBeUndefined();
  });

  it('says plainly when there are no credentials', async () => {
    seedAccount();
    const { code, err } = await janitor(['unmark', '--region', 'eu-west-1'], {
      credentials: async () => {
        throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
      },
    });
    expect(code).toBe(1);
    expect(err).toContain('janitor unmark: no AWS credentials found: set AWS_PROFILE or run aws sso login');
    expect(account.mutatingCalls()).toEqual([]);
  });

  it('prints help, and rejects bad usage with exit code 2 before any call', async () => {
    const help = await janitor(['unmark', '--help']);
    expect(help).toEqual({ code: 0, out: UNMARK_USAGE, err: '' });
    for (const argv of [
      ['unmark', '--census'],
      ['unmark', '--region', 'mars-north-1x'],
      ['unmark', '--dry-run=yes'],
      ['plan', '--dry-run'],
    ]) {
      const bad = await janitor(argv);
      expect(bad.code, argv.join(' ')).toBe(2);
      expect(bad.err).toContain('usage: janitor');
    }
    expect(account.calls).toEqual([]);
  });
});

describe('janitor without a command', () => {
  it('prints the commands instead of running plan', async () => {
    let out = '';
    let err = '';
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), env: {}, cwd: REPO };
    expect(await main([], io)).toBe(2);
    expect(err).toBe(COMMANDS_USAGE);
    expect(out).toBe('');
    expect(await main(['--help'], io)).toBe(0);
    expect(out).toBe(COMMANDS_USAGE);
  });
});

describe('bin/janitor-cli.js', () => {
  const bin = path.join(REPO, 'bin', 'janitor-cli.js');
  const run = (...argv: string[]) => spawnSync(process.execPath, [bin, ...argv], { encoding: 'utf8' });

  it('sends unmark to its own command and the rest to plan', () => {
    expect(run('unmark', '--help')).toMatchObject({ status: 0, stdout: UNMARK_USAGE });
    expect(run('plan', '--help').stdout).toMatch(/^usage: janitor plan /);
    expect(run()).toMatchObject({ status: 2, stderr: COMMANDS_USAGE });
  });
});
