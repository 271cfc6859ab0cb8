import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { COMMANDS_USAGE } from '../../lambda/cli/plan';
import { BLOCK_KIT_BUILDER, PREVIEW_SLACK_USAGE, type PreviewMessage, previewSlackMain } from '../../lambda/cli/preview-slack';
import { MARK_TAG } from '../../lambda/core/model';
import { FakeAccount } from '../fakes/fake-account';
import { installFakeAws } from '../fakes/install';
import { seedInstance } from '../fakes/services/ec2';
import { seedQueue } from '../fakes/services/sqs';
import { type CliRun, runCli } from '../support/run-cli';

const REPO = path.resolve(__dirname, '..', '..');
const NOW = new Date('2026-11-20T02:00:00Z');
const LONG_AGO = new Date('2026-09-01T00:00:00Z');
const EXAMPLE = cdkJson.context.janitor;

const blocksText = (m: PreviewMessage) => JSON.stringify(m.blocks);
const decoded = (url: string) => JSON.parse(decodeURIComponent(url.slice(BLOCK_KIT_BUILDER.length)));

describe('janitor preview-slack', () => {
  let account: FakeAccount;
  let restore: () => void;
  let dir: string;
  beforeEach(() => {
    account = new FakeAccount();
    restore = installFakeAws(account);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preview-slack-'));
  });
  afterEach(() => {
    restore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const credentials = async () => ({ accessKeyId: 'AKIDPREVIEW', secretAccessKey: 'secret', accountId: account.accountId });
  const configFile = (janitor: unknown) => {
    const file = path.join(dir, 'janitor.json');
    fs.writeFileSync(file, JSON.stringify(janitor));
    return file;
  };
  const preview = (argv: string[]): Promise<CliRun> =>
    runCli(previewSlackMain, argv, { isTTY: false, env: {}, cwd: REPO, now: NOW, credentials });
  const messagesOf = (run: CliRun) => JSON.parse(run.out) as PreviewMessage[];

  it("renders tonight's warning from the plan's decisions, with the configuration's keep instructions", async () => {
    const instance = seedInstance(account, { region: 'eu-west-1', tags: { Name: 'load-test' }, launchTime: LONG_AGO });
    seedQueue(account, { region: 'eu-west-1', tags: { ManagedBy: 'terraform' }, createdAt: LONG_AGO });

    const run = await preview(['--region', 'eu-west-1', '--json']);

    expect(run.code).toBe(0);
    const [warning, report, ...rest] = messagesOf(run);
    expect(rest).toEqual([]);
    expect(warning?.message).toBe('warning 1 of 1');
    expect(blocksText(warning!)).toContain(instance.data.instanceId);
    // The compliant queue is not in it; the required tag and the exempt tag are how to keep one.
    expect(blocksText(warning!)).not.toContain('sqs');
    expect(blocksText(warning!)).toContain('ManagedBy');
    expect(blocksText(warning!)).toContain('janitor:exempt');
    expect(report?.message).toBe('report 1 of 1');
    // Only reads: no mark was written.
    expect(account.get(instance.arn).tags[MARK_TAG]).toBeUndefined();
  });

  it('links every message to Block Kit Builder with exactly its blocks', async () => {
    seedInstance(account, { region: 'eu-west-1', launchTime: LONG_AGO });
    for (const m of messagesOf(await preview(['--region', 'eu-west-1', '--json']))) {
      expect(m.builderUrl.startsWith(BLOCK_KIT_BUILDER)).toBe(true);
      expect(decoded(m.builderUrl)).toEqual({ blocks: m.blocks });
    }
  });

  it('posts no warning where nothing would be marked, only the report', async () => {
    seedQueue(account, { region: 'eu-west-1', tags: { ManagedBy: 'terraform' }, createdAt: LONG_AGO });
    expect(messagesOf(await preview(['--region', 'eu-west-1', '--json'])).map((m) => m.message)).toEqual(['report 1 of 1']);
  });

  it('--sample reads no AWS and shows Keep buttons only when they are on and the janitor enforces', async () => {
    const keepButtons = { signingSecretName: 'janitor/slack-signing', allowedUserIds: ['U0123ABCD'] };
    const enforcing = configFile({ ...EXAMPLE, dryRun: false, slack: { ...EXAMPLE.slack, keepButtons } });
    const sample = messagesOf(await preview(['--sample', '--config', enforcing, '--json']));
    expect(account.calls).toEqual([]);
    expect(blocksText(sample[0]!)).toContain('"type":"button"');
    expect(sample[0]!.text).not.toMatch(/DRY RUN/);

    const dry = messagesOf(await preview(['--sample', '--config', configFile({ ...EXAMPLE, dryRun: true }), '--json']));
    expect(blocksText(dry[0]!)).not.toContain('"type":"button"');
    expect(dry[0]!.text).toMatch(/DRY RUN/);
  });

  it('prints one line and link per message for a person', async () => {
    const run = await preview(['--sample']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Sample messages \(no AWS read\)/);
    expect(run.out).toMatch(/warning 1 of 1: .*3 untagged resources/);
    expect(run.out).toContain(`  ${BLOCK_KIT_BUILDER}`);
  });

  it('rejects options it does not take, and explains itself with --help', async () => {
    const bad = await preview(['--census']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown option "--census"/);
    const help = await preview(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: janitor preview-slack/);
  });
});

describe('janitor preview-slack, from the janitor command', () => {
  it('is listed among the commands and sent to its own entry by bin/janitor-cli.js', () => {
    expect(COMMANDS_USAGE).toMatch(/^ {2}preview-slack {2}/m);
    const bin = path.join(__dirname, '..', '..', 'bin', 'janitor-cli.js');
    expect(spawnSync(process.execPath, [bin, 'preview-slack', '--help'], { encoding: 'utf8' })).toMatchObject({
      status: 0,
      stdout: PREVIEW_SLACK_USAGE,
    });
  });
});
