import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DOCTOR_USAGE, type DoctorDeps, doctorGuard, doctorMain } from '../../lambda/cli/doctor';
import { ReadOnlyViolation } from '../../lambda/cli/read-only-clients';
import { FakeAccount, mockFakeServices } from '../fakes/fake-account';
import { installLambda } from '../fakes/services/lambda';
import { installResourceExplorer, setUpResourceExplorer } from '../fakes/services/resource-explorer';
import { installSecretsManager } from '../fakes/services/secrets-manager';
import { installSts } from '../fakes/services/sts';
import { type SlackServer, startSlackServer } from '../fakes/slack-server';
import { type CliRun, runCli } from '../support/run-cli';

const MEMBER = '222222222222';
const MEMBER_ROLE = 'UntaggedResourceJanitorMember';
const EXTERNAL_ID = 'janitor-ext-123';
const TOKEN = 'xoxb-1111-2222-doctortoken';
const ALL_SCOPES = ['chat:write', 'files:write', 'users:read', 'users:read.email', 'channels:read'];

const CONFIG = {
  slack: {
    channel: '#platform-janitor',
    tokenSecretName: 'janitor/slack-bot-token',
    routes: [{ channel: 'C0TEAMDATA', accounts: [MEMBER] }],
    keepButtons: { signingSecretName: 'janitor/slack-signing-secret', allowedUserIds: ['U0123ABCD'] },
  },
  owners: { emailDomains: ['corp.example'] },
  targets: { accounts: { ids: [MEMBER] }, memberRoleName: MEMBER_ROLE, externalId: EXTERNAL_ID },
};

describe('janitor doctor', () => {
  let account: FakeAccount;
  let member: FakeAccount;
  let slack: SlackServer;
  let restore: () => void;
  let dir: string;

  beforeEach(async () => {
    account = new FakeAccount('111111111111');
    member = new FakeAccount(MEMBER);
    account.peers = [account, member];
    member.peers = account.peers;
    member.assumableRoles.set(MEMBER_ROLE, { externalId: EXTERNAL_ID });
    account.secrets.set('janitor/slack-bot-token', JSON.stringify({ token: TOKEN }));
    account.secrets.set('janitor/slack-signing-secret', 'signing-secret-value');
    restore = mockFakeServices([
      installSecretsManager(account),
      installSts(account),
      installLambda(account),
      installResourceExplorer(account),
    ]);
    slack = await startSlackServer({
      scopes: ALL_SCOPES,
      channels: [
        { id: 'C0PLATFORM', name: 'platform-janitor', isMember: true },
        { id: 'C0TEAMDATA', name: 'team-data', isMember: true },
      ],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-doctor-'));
    writeConfig(CONFIG);
  });
  afterEach(async () => {
    restore();
    await slack.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeConfig(config: object): void {
    fs.writeFileSync(path.join(dir, 'cdk.json'), JSON.stringify({ context: { janitor: config } }));
  }

  const credentials = async () => ({ accessKeyId: 'AKIDDOCTORTEST', secretAccessKey: 'secret', accountId: account.accountId });

  const deps = (): Omit<DoctorDeps, 'stdout' | 'stderr'> => ({ env: {}, cwd: dir, credentials, slackApiUrl: slack.url });

  function doctor(argv: string[] = ['--region', 'eu-west-1']): Promise<CliRun> {
    return runCli(doctorMain, argv, deps());
  }

  const lines = (out: string) => out.split('\n');
  const failures = (out: string) => lines(out).filter((l) => l.startsWith('✗'));
  /** The fix printed under the one failed check. */
  const fixOf = (out: string) => {
    const all = lines(out);
    return all[all.findIndex((l) => l.startsWith('✗')) + 1] ?? '';
  };

  /** Never a message, never a write: only reads went out, in Slack and in AWS. */
  function expectNothingWritten(): void {
    for (const p of slack.posts) expect(['auth.test', 'conversations.list', 'conversations.info']).toContain(p.method);
    expect(
      account.calls
        .map((c) => c.command)
        .every((c) => ['GetSecretValue', 'GetCallerIdentity', 'AssumeRole', 'GetAccountSettings'].includes(c)),
    ).toBe(true);
    expect(member.calls).toEqual([]);
  }

  it('all green: every check passes, exit 0', async () => {
    const { code, out, err } = await doctor();
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('✓ Slack token secret "janitor/slack-bot-token" is readable and holds a bot token (xoxb-)');
    expect(out).toContain('✓ Slack token is valid: team Fake Workspace (T0FAKETEAM), bot user @janitor (U0FAKEBOT)');
    expect(out).toContain('✓ Slack token has every scope the configuration needs: chat:write, files:write, users:read, users:read.email');
    expect(out).toContain('✓ Slack channel #platform-janitor (slack.channel): the bot is a member');
    expect(out).toContain('✓ Slack channel C0TEAMDATA (slack.routes[0].channel): the bot is a member');
    expect(out).toContain(`✓ Keep buttons' signing secret "janitor/slack-signing-secret" is readable`);
    expect(out).toContain(`✓ member role arn:aws:iam::${MEMBER}:role/${MEMBER_ROLE} is assumable with the external id`);
    expect(out).toContain(
      "✓ a run needs 13 concurrent Lambda executions at most (targets.maxConcurrency 10 sweeps + 3), of this account's 1000 unreserved (quota 1000)",
    );
    expect(out).toContain('janitor doctor: every check passed');
    expect(failures(out)).toEqual([]);
    // The token went to Slack as the bearer token; the secrets' values are never printed.
    expect(slack.posts.every((p) => p.token === TOKEN)).toBe(true);
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('signing-secret-value');
    // AssumeRole with the external id, then nothing in the member account.
    expect(account.callsOf('AssumeRole').map((c) => c.input)).toEqual([
      expect.objectContaining({ RoleArn: `arn:aws:iam::${MEMBER}:role/${MEMBER_ROLE}`, ExternalId: EXTERNAL_ID }),
    ]);
    expectNothingWritten();
  });

  it("more sweeps than the account's unreserved Lambda concurrency: the value that fits, or the quota to raise", async () => {
    account.lambdaConcurrency = { total: 10, unreserved: 10 };
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(failures(out)).toEqual([
      "✗ a run needs 13 concurrent Lambda executions at most (targets.maxConcurrency 10 sweeps + 3), of this account's 10 unreserved (quota 10): its sweeps would be throttled",
    ]);
    expect(fixOf(out)).toBe(
      '    fix: set targets.maxConcurrency to 2 or less, or raise the Lambda "Concurrent executions" quota in Service Quotas.',
    );
  });

  it('more than half of it: passes, saying what leaves the other functions half', async () => {
    account.lambdaConcurrency = { total: 1000, unreserved: 20 };
    const { code, out } = await doctor();
    expect(code).toBe(0);
    expect(out).toContain(
      "of this account's 20 unreserved (quota 1000); more than half, so the account's other functions may be throttled during a run (7 leaves them half)",
    );
  });

  it('--help prints its usage', async () => {
    expect(await doctor(['--help'])).toMatchObject({ code: 0, out: DOCTOR_USAGE });
  });

  it('a missing token secret: the create-secret fix, and the AWS checks still run', async () => {
    account.secrets.delete('janitor/slack-bot-token');
    const { code, out, err } = await doctor();
    expect(code).toBe(1);
    expect(err).toContain('1 check(s) failed');
    expect(failures(out)).toEqual(['✗ Slack token secret "janitor/slack-bot-token" does not exist in eu-west-1']);
    expect(fixOf(out)).toContain("fix: create it in the janitor's region: aws secretsmanager create-secret --region eu-west-1");
    expect(out).toContain('– Slack token, scopes and channels not checked');
    expect(out).toContain(`✓ Keep buttons' signing secret`);
    expect(out).toContain('✓ member role');
    expect(slack.posts).toEqual([]);
  });

  it('a token that is not a bot token', async () => {
    account.secrets.set('janitor/slack-bot-token', 'xoxp-1111-user-token');
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(failures(out)).toEqual(['✗ Slack token secret "janitor/slack-bot-token" holds a xoxp… token, not a bot token (xoxb-)']);
    expect(fixOf(out)).toContain('Bot User OAuth Token (xoxb-…');
    expect(out).not.toContain('xoxp-1111-user-token');
    expect(out).toContain('✓ member role');
    expect(slack.posts).toEqual([]);
  });

  it('an invalid token (invalid_auth)', async () => {
    slack.failNext({ error: 'invalid_auth' }, 1, 'auth.test');
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(failures(out)).toEqual(['✗ Slack auth.test failed: invalid_auth']);
    expect(fixOf(out)).toContain('copy the Bot User OAuth Token again');
    expect(out).toContain('– Slack scopes and channels not checked: the token is not valid');
    expect(out).toContain(`✓ Keep buttons' signing secret`);
    expect(out).toContain('✓ member role');
  });

  it('a missing scope is named', async () => {
    slack.scopes = ALL_SCOPES.filter((s) => s !== 'users:read.email');
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(failures(out)).toEqual([
      '✗ Slack token lacks the scope users:read.email (users.lookupByEmail: owners mentioned by their email)',
    ]);
    expect(fixOf(out)).toContain('fix: add users:read.email under "OAuth & Permissions"');
    expect(out).toContain('✓ Slack channel C0TEAMDATA');
    expect(out).toContain('✓ member role');
  });

  it('without channels:read: membership is not checked, and that does not fail', async () => {
    slack.scopes = ALL_SCOPES.filter((s) => s !== 'channels:read');
    const { code, out } = await doctor();
    expect(code).toBe(0);
    expect(out).toContain(
      '– Slack channel C0TEAMDATA (slack.routes[0].channel): cannot check membership without channels:read; invite the bot with /invite @janitor',
    );
    expect(slack.posts.map((p) => p.method)).toEqual(['auth.test']);
  });

  it("the bot is not in a route's channel", async () => {
    slack.channels[1]!.isMember = false;
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(failures(out)).toEqual(['✗ Slack channel C0TEAMDATA (slack.routes[0].channel): the bot is not a member']);
    expect(fixOf(out)).toBe('    fix: invite the bot with /invite @janitor in C0TEAMDATA.');
    expect(out).toContain('✓ Slack channel #platform-janitor (slack.channel): the bot is a member');
    expect(out).toContain('✓ member role');
    expectNothingWritten();
  });

  it('a channel that does not exist', async () => {
    slack.channels.splice(0, 1);
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(failures(out)).toEqual(['✗ Slack channel #platform-janitor (slack.channel): no public channel of that name']);
  });

  it('a missing signing secret', async () => {
    account.secrets.delete('janitor/slack-signing-secret');
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(failures(out)).toEqual([`✗ Keep buttons' signing secret "janitor/slack-signing-secret" does not exist in eu-west-1`]);
    expect(fixOf(out)).toContain('Signing Secret');
    expect(out).toContain('✓ Slack token is valid');
    expect(out).toContain('✓ member role');
  });

  it('no signing-secret check without Keep buttons', async () => {
    const { keepButtons: _, ...slackConfig } = CONFIG.slack;
    writeConfig({ ...CONFIG, slack: slackConfig });
    const { code, out } = await doctor();
    expect(code).toBe(0);
    expect(out).not.toContain('signing secret');
  });

  it('a member role that cannot be assumed (wrong external id)', async () => {
    member.assumableRoles.set(MEMBER_ROLE, { externalId: 'another-id' });
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(failures(out)).toEqual([
      expect.stringMatching(new RegExp(`^✗ member role arn:aws:iam::${MEMBER}:role/${MEMBER_ROLE} cannot be assumed: .*not authorized`)),
    ]);
    expect(fixOf(out)).toContain(`deploy the member stack in ${MEMBER} from this configuration`);
    expect(out).toContain('✓ Slack token is valid');
    expect(out).toContain(`✓ Keep buttons' signing secret`);
  });

  it('OU members are not checked one by one', async () => {
    writeConfig({ ...CONFIG, targets: { ...CONFIG.targets, accounts: { ids: [MEMBER], organizationalUnits: ['ou-abcd-12345678'] } } });
    const { code, out } = await doctor();
    expect(code).toBe(0);
    expect(out).toContain('– accounts under ou-abcd-12345678 are not checked one by one');
  });

  it('its AWS clients send nothing but GetSecretValue, GetCallerIdentity and AssumeRole', () => {
    for (const allowed of ['GetSecretValueCommand', 'GetCallerIdentityCommand', 'AssumeRoleCommand', 'AssumeRole']) doctorGuard(allowed);
    for (const refused of ['PutSecretValueCommand', 'CreateSecretCommand', 'ListSecretsCommand', undefined])
      expect(() => doctorGuard(refused)).toThrow(ReadOnlyViolation);
  });

  it('with the Resource Explorer pre-check on: usable in each configured region, or why not and what to do', async () => {
    writeConfig({
      ...CONFIG,
      targets: { ...CONFIG.targets, regions: ['eu-west-1', 'us-east-1', 'eu-central-1'], resourceExplorerPrecheck: true },
    });
    setUpResourceExplorer(account, ['eu-west-1']);
    setUpResourceExplorer(account, ['eu-central-1'], { viewFilter: 'tag.key:ManagedBy' });
    const { code, out } = await doctor();
    expect(code).toBe(1);
    expect(out).toContain('✓ Resource Explorer pre-check in eu-west-1: usable (an ACTIVE index and an unfiltered default view)');
    expect(failures(out)).toEqual([
      '✗ Resource Explorer pre-check in us-east-1: not used, Resource Explorer has no index in this region',
      '✗ Resource Explorer pre-check in eu-central-1: not used, the default Resource Explorer view has a filter ("tag.key:ManagedBy") and may hide resources',
    ]);
    expect(fixOf(out)).toContain('turn Resource Explorer on in us-east-1 with an unfiltered default view');
    // Its reads, and nothing that would change an index or a view.
    const explorerCalls = new Set(account.calls.filter((c) => c.service === 'resource-explorer-2').map((c) => c.command));
    expect([...explorerCalls].sort()).toEqual(['GetDefaultView', 'GetIndex', 'GetView', 'ListSupportedResourceTypes', 'Search']);
    for (const refused of ['CreateIndexCommand', 'UpdateViewCommand', 'AssociateDefaultViewCommand']) {
      expect(() => doctorGuard(refused)).toThrow(ReadOnlyViolation);
    }
  });

  it('without the pre-check, Resource Explorer is not asked', async () => {
    await doctor();
    expect(account.calls.filter((c) => c.service === 'resource-explorer-2')).toEqual([]);
  });

  it('bad usage exits 2', async () => {
    expect((await doctor(['--region', 'eu-west-1,us-east-1'])).code).toBe(2);
    expect((await doctor(['--json'])).code).toBe(2);
  });
});
